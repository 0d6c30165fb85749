#include "engine/config/field_spec.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/config/config_enums.h"
#include "engine/core/str_cat.h"

namespace optiscope {
namespace {

std::string JoinChoices(const std::vector<std::string>& choices, const char* separator) {
  std::string out;
  for (const auto& c : choices) StrAppend(&out, {out.empty() ? "" : separator, c});
  return out;
}

std::string Interval(const FieldSpec& s) {
  return StrCat({s.min_open || std::isinf(s.min) ? "(" : "[", FormatNumber(s.min), ", ",
                 FormatNumber(s.max), s.max_open || std::isinf(s.max) ? ")" : "]"});
}

bool InInterval(const FieldSpec& s, double v) {
  if (!std::isfinite(v)) return false;
  return (s.min_open ? v > s.min : v >= s.min) && (s.max_open ? v < s.max : v <= s.max);
}

// "must be >= 0", "must be > 0", "must be <= 1", "must be in [0, 1)", "must be a whole number in
// [1, 1000]": the range in its shortest wording, with the spec's note.
std::string RangeWords(const FieldSpec& s) {
  std::string words;
  if (std::isinf(s.max) && std::isinf(s.min)) {
    words = "a finite number";
  } else if (std::isinf(s.max)) {
    words = StrCat({s.min_open ? "> " : ">= ", FormatNumber(s.min)});
  } else if (std::isinf(s.min)) {
    words = StrCat({s.max_open ? "< " : "<= ", FormatNumber(s.max)});
  } else {
    words = StrCat({s.kind == FieldKind::kInt ? "a whole number in " : "in ", Interval(s)});
  }
  if (!s.range_note.empty()) StrAppend(&words, {" (", s.range_note, ")"});
  return words;
}

bool ParseDouble(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

std::string Got(const ParamValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return StrCat({"\"", *s, "\""});
  return FormatNumber(std::get<double>(v));
}

Status Must(const std::string& path, const std::string& what, const ParamValue& v) {
  return Status::InvalidArgument(StrCat({path, ": must be ", what, ", got ", Got(v)}));
}

bool IsChoice(const FieldSpec& s, const std::string& text) {
  for (const auto& c : s.choices) {
    if (text == c) return true;
  }
  return false;
}

// One element of a "128,64" list.
Status CheckListText(const FieldSpec& s, const std::string& text, const std::string& path) {
  size_t start = 0;
  int index = 0;
  while (start < text.size()) {
    const size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma - start);
    double w = 0;
    const std::string at = StrCat({path, "[", std::to_string(index++), "]"});
    if (!ParseDouble(part, &w)) return Must(at, "a whole number", ParamValue(part));
    OPTISCOPE_RETURN_IF_ERROR(CheckNumber(s, w, at));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Status::Ok();
}

}  // namespace

const char* FieldKindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kInt:
      return "int";
    case FieldKind::kFloat:
      return "float";
    case FieldKind::kBool:
      return "bool";
    case FieldKind::kChoice:
      return "choice";
    case FieldKind::kChoiceOrNumber:
      return "choice|number";
    case FieldKind::kIntList:
      return "int list";
    case FieldKind::kText:
      return "text";
    case FieldKind::kClassWeights:
      return "weights";
  }
  return "float";
}

std::string FormatNumber(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.10g", v);
  return buffer;
}

std::string FormatParamValue(const ParamValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return FormatNumber(std::get<double>(value));
}

std::string DescribeParamRange(const FieldSpec& s) {
  switch (s.kind) {
    case FieldKind::kInt:
    case FieldKind::kFloat:
      return Interval(s);
    case FieldKind::kBool:
      return "0 | 1";
    case FieldKind::kChoice:
      return JoinChoices(s.choices, " | ");
    case FieldKind::kChoiceOrNumber:
      return StrCat({JoinChoices(s.choices, " | "), " or ", Interval(s)});
    case FieldKind::kIntList:
      return StrCat({"whole numbers in ", Interval(s), ", e.g. 128,64"});
    case FieldKind::kText:
      return "text";
    case FieldKind::kClassWeights:
      return "balanced | numbers >= 0, one per class";
  }
  return "";
}

Result<ParamValue> ParseParamText(const FieldSpec& spec, const std::string& text) {
  double v = 0;
  switch (spec.kind) {
    case FieldKind::kInt:
    case FieldKind::kFloat:
      if (!ParseDouble(text, &v)) {
        return Status::InvalidArgument(
            StrCat({spec.name, " expects a number, got '", text, "'"}));
      }
      return ParamValue(v);
    case FieldKind::kBool:
      if (text == "true" || text == "1") return ParamValue(1.0);
      if (text == "false" || text == "0") return ParamValue(0.0);
      return Status::InvalidArgument(
          StrCat({spec.name, " expects 0, 1, true or false, got '", text, "'"}));
    case FieldKind::kChoiceOrNumber:
      if (ParseDouble(text, &v)) return ParamValue(v);
      return ParamValue(text);
    case FieldKind::kChoice:
    case FieldKind::kIntList:
    case FieldKind::kText:
    case FieldKind::kClassWeights:
      return ParamValue(text);
  }
  return ParamValue(text);
}

Status CheckNumber(const FieldSpec& s, double v, const std::string& path) {
  if (!std::isfinite(v)) {
    return Status::InvalidArgument(StrCat({path, ": must be a finite number"}));
  }
  if (!InInterval(s, v)) return Must(path, RangeWords(s), ParamValue(v));
  const bool integral = s.kind == FieldKind::kInt || s.kind == FieldKind::kIntList;
  if (integral && v != std::floor(v)) {
    const bool bounded = std::isfinite(s.min) && std::isfinite(s.max);
    return Must(path, bounded ? RangeWords(s) : "a whole number", ParamValue(v));
  }
  return Status::Ok();
}

Status CheckChoice(const FieldSpec& s, const std::string& value, const std::string& path) {
  if (IsChoice(s, value)) return Status::Ok();
  const std::string alternatives =
      s.kind == FieldKind::kChoiceOrNumber ? StrCat({" or a number in ", Interval(s)}) : "";
  return Status::InvalidArgument(NotOneOfMessage(path, value, s.choices, alternatives));
}

Status ValidateParamValue(const FieldSpec& s, const ParamValue& value, const std::string& path) {
  const double* d = std::get_if<double>(&value);
  const std::string* text = std::get_if<std::string>(&value);
  switch (s.kind) {
    case FieldKind::kInt:
    case FieldKind::kFloat:
      if (d == nullptr) return Must(path, "a number", value);
      return CheckNumber(s, *d, path);
    case FieldKind::kBool:
      if (d == nullptr || (*d != 0.0 && *d != 1.0)) return Must(path, "0 or 1", value);
      return Status::Ok();
    case FieldKind::kChoice:
      if (text == nullptr) {
        return Must(path, StrCat({"one of ", JoinChoices(s.choices, ", ")}), value);
      }
      return CheckChoice(s, *text, path);
    case FieldKind::kChoiceOrNumber:
      if (d != nullptr) {
        if (InInterval(s, *d)) return Status::Ok();
        return Must(path, StrCat({JoinChoices(s.choices, ", "), " or a number in ", Interval(s)}),
                    value);
      }
      return CheckChoice(s, *text, path);
    case FieldKind::kIntList:
      if (text == nullptr) return Must(path, "comma-separated whole numbers such as 128,64", value);
      return CheckListText(s, *text, path);
    case FieldKind::kText:
    case FieldKind::kClassWeights:
      if (text == nullptr) return Must(path, "text", value);
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace optiscope
