// JSON <-> ExperimentConfig. The field schema (config_schema.h) drives both writing and parsing,
// so a field cannot be written without being read back (the round-trip test checks every field).
#include "engine/config/config_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>
#include <vector>

#include "engine/config/config_schema.h"
#include "engine/config/model_catalog.h"
#include "engine/core/closest_name.h"
#include "engine/core/file_io.h"
#include "engine/core/json_depth.h"

namespace optiscope {

// JSON form of loss.class_weights (found by nlohmann through argument-dependent lookup).
template <class BasicJson>
void to_json(BasicJson& j, const ClassWeights& w) {
  if (w.balanced) {
    j = "balanced";
  } else {
    j = w.values;
  }
}

namespace {

using Json = nlohmann::ordered_json;

// The JSON object at `section` ("data.synthetic") under `root`, created when absent.
Json& SectionNode(Json& root, const std::string& section) {
  Json* node = &root;
  size_t start = 0;
  while (start < section.size()) {
    size_t dot = section.find('.', start);
    if (dot == std::string::npos) dot = section.size();
    node = &(*node)[section.substr(start, dot - start)];
    start = dot + 1;
  }
  return *node;
}

// ---- Parsing ----

std::string Describe(const Json& j) {
  std::string text = j.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return std::string(j.type_name()) + " " + text;
}

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

Status TypeError(const std::string& path, const char* expected, const Json& got) {
  return Status::InvalidArgument(path + ": expected " + expected + ", got " + Describe(got));
}

// Reads an integral JSON number (an integral float such as 30.0 is accepted) into [lo, hi].
template <class T>
Status ReadInteger(const Json& j, const std::string& path, const char* expected, T* out) {
  constexpr double kLo = static_cast<double>(std::numeric_limits<T>::lowest());
  constexpr double kHi = static_cast<double>(std::numeric_limits<T>::max());
  if (j.is_number_unsigned()) {
    const auto v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
      return Status::InvalidArgument(path + ": " + j.dump() + " is out of range");
    }
    *out = static_cast<T>(v);
    return Status::Ok();
  }
  if (j.is_number_integer()) {
    const auto v = j.get<int64_t>();
    if (v < 0 && std::is_unsigned_v<T>) return TypeError(path, expected, j);
    if (static_cast<double>(v) < kLo || static_cast<double>(v) > kHi) {
      return Status::InvalidArgument(path + ": " + j.dump() + " is out of range");
    }
    *out = static_cast<T>(v);
    return Status::Ok();
  }
  if (j.is_number_float()) {
    const double v = j.get<double>();
    if (std::isfinite(v) && v == std::floor(v) && !(std::is_unsigned_v<T> && v < 0)) {
      if (v < kLo || !(v < kHi + 1.0)) {
        return Status::InvalidArgument(path + ": " + j.dump() + " is out of range");
      }
      *out = static_cast<T>(v);
      return Status::Ok();
    }
  }
  return TypeError(path, expected, j);
}

Status ReadValue(const Json& j, const std::string& path, std::string* out) {
  if (!j.is_string()) return TypeError(path, "a string", j);
  *out = j.get<std::string>();
  return Status::Ok();
}
Status ReadValue(const Json& j, const std::string& path, double* out) {
  if (!j.is_number()) return TypeError(path, "a number", j);
  *out = j.get<double>();
  return Status::Ok();
}
Status ReadValue(const Json& j, const std::string& path, int* out) {
  return ReadInteger(j, path, "an integer", out);
}
Status ReadValue(const Json& j, const std::string& path, uint64_t* out) {
  return ReadInteger(j, path, "a non-negative integer", out);
}
Status ReadValue(const Json& j, const std::string& path, bool* out) {
  if (!j.is_boolean()) return TypeError(path, "true or false", j);
  *out = j.get<bool>();
  return Status::Ok();
}
Status ReadValue(const Json& j, const std::string& path, std::vector<int>* out) {
  if (!j.is_array()) return TypeError(path, "an array of integers", j);
  std::vector<int> values(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    OPTISCOPE_RETURN_IF_ERROR(
        ReadInteger(j[i], path + "[" + std::to_string(i) + "]", "an integer", &values[i]));
  }
  *out = std::move(values);
  return Status::Ok();
}

// An enumerated field: one of the names of its enum's table (config_enums.h).
Status ReadValue(const Json& j, const std::string& path, const ChoiceSlot& out) {
  if (!j.is_string()) return TypeError(path, "a string", j);
  const std::string name = j.get<std::string>();
  if (out.Set(name)) return Status::Ok();
  return Status::InvalidArgument(NotOneOfMessage(path, name, out.ref.names()));
}

// loss.class_weights: [] (none), an array of numbers, or "balanced".
Status ReadValue(const Json& j, const std::string& path, ClassWeights* out) {
  ClassWeights w;
  if (j.is_string() && j.get<std::string>() == "balanced") {
    w.balanced = true;
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      if (!j[i].is_number()) {
        return TypeError(path + "[" + std::to_string(i) + "]", "a number", j[i]);
      }
      w.values.push_back(j[i].get<double>());
    }
  } else {
    return TypeError(path, "an array of numbers or \"balanced\"", j);
  }
  *out = std::move(w);
  return Status::Ok();
}

// Every key of object `j` must be one of `known`; the first that is not names the error.
Status CheckKnownKeys(const Json& j, const std::string& path, std::vector<std::string> known) {
  for (const auto& [key, value] : j.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string message = Join(path, key) + ": unknown field";
    const std::string hint = ClosestName(key, known);
    if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
    return Status::InvalidArgument(message);
  }
  return Status::Ok();
}

Status ExpectObject(const Json& j, const std::string& path) {
  if (j.is_object()) return Status::Ok();
  return TypeError(path.empty() ? std::string("the configuration") : path, "an object", j);
}

// The sections directly inside `section` ("" -> data, model, ...; "data" -> synthetic).
std::vector<std::string> ChildSections(const std::string& section) {
  std::vector<std::string> children;
  const std::string prefix = section.empty() ? "" : section + ".";
  for (const ConfigField& field : ConfigSchema()) {
    if (field.section.size() <= section.size() ||
        field.section.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    const std::string rest = field.section.substr(prefix.size());
    const std::string child = rest.substr(0, rest.find('.'));
    if (std::find(children.begin(), children.end(), child) == children.end()) {
      children.push_back(child);
    }
  }
  if (section == "model") children.push_back("params");
  return children;
}

// Reads the schema's fields of `section` present in object `j` into *c (absent ones keep their
// values), after checking that every key is a field or a sub-section of it.
Status ReadFields(const Json& j, const std::string& section, ExperimentConfig* c) {
  OPTISCOPE_RETURN_IF_ERROR(ExpectObject(j, section));
  std::vector<std::string> known = ChildSections(section);
  for (const ConfigField& field : ConfigSchema()) {
    if (field.section == section) known.push_back(field.key);
  }
  OPTISCOPE_RETURN_IF_ERROR(CheckKnownKeys(j, section, known));
  for (const ConfigField& field : ConfigSchema()) {
    if (field.section != section) continue;
    const auto it = j.find(field.key);
    if (it == j.end()) continue;
    OPTISCOPE_RETURN_IF_ERROR(std::visit(
        [&](auto ref) { return ReadValue(*it, field.spec.name, ref(*c)); }, field.ref));
  }
  return Status::Ok();
}

// model.params: numbers, booleans (stored as 0/1) and strings; aliases (n_trees) are stored
// under their canonical name. Values are checked by ValidateExperimentConfig.
Status ReadModelParams(const Json& j, ModelConfig* model) {
  OPTISCOPE_RETURN_IF_ERROR(ExpectObject(j, "model.params"));
  ParamMap params;
  for (const auto& [key, value] : j.items()) {
    const ModelParamSpec* spec = FindParamSpec(model->type, key);
    const std::string name = spec != nullptr && spec->field.empty() ? spec->name : key;
    if (value.is_boolean()) {
      params[name] = value.get<bool>() ? 1.0 : 0.0;
    } else if (value.is_number()) {
      params[name] = value.get<double>();
    } else if (value.is_string()) {
      params[name] = value.get<std::string>();
    } else {
      return TypeError("model.params." + key, "a number, true/false or a string", value);
    }
  }
  model->params = std::move(params);
  return Status::Ok();
}

// Booleans are written as true/false, integers without a fraction.
Json WriteModelParams(const ModelConfig& model) {
  Json j = Json::object();
  for (const auto& [name, value] : model.params) {
    const ModelParamSpec* spec = FindParamSpec(model.type, name);
    if (const auto* text = std::get_if<std::string>(&value)) {
      j[name] = *text;
    } else if (spec != nullptr && spec->kind == FieldKind::kBool) {
      j[name] = std::get<double>(value) != 0.0;
    } else if (const double v = std::get<double>(value);
               std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9e15) {
      j[name] = static_cast<int64_t>(v);
    } else {
      j[name] = v;
    }
  }
  return j;
}

// Reads the object `j` at `section` and, depth first, its sub-sections. optimizer.type is read
// first: the other optimizer fields override that rule's PyTorch defaults.
Status ReadSection(const Json& j, const std::string& section, ExperimentConfig* c) {
  if (section == "optimizer" && j.is_object()) {
    if (const auto type = j.find("type"); type != j.end()) {
      if (!type->is_string()) return TypeError("optimizer.type", "a string", *type);
      auto parsed = ParseEnum<OptimizerType>(type->get<std::string>(), "optimizer.type");
      if (!parsed.ok()) return parsed.status();
      c->optimizer = DefaultOptimizerConfig(*parsed);
    }
  }
  OPTISCOPE_RETURN_IF_ERROR(ReadFields(j, section, c));
  if (section.empty() && c->version != 1) {
    return Status::InvalidArgument("version: unsupported schema version " +
                                   std::to_string(c->version) + " (this build reads version 1)");
  }
  for (const std::string& child : ChildSections(section)) {
    const auto it = j.find(child);
    if (it == j.end()) continue;
    if (section == "model" && child == "params") {
      OPTISCOPE_RETURN_IF_ERROR(ReadModelParams(*it, &c->model));
    } else {
      OPTISCOPE_RETURN_IF_ERROR(ReadSection(*it, Join(section, child), c));
    }
  }
  return Status::Ok();
}

// nlohmann reports the 1-based byte index of the last character it read; users want line:column
// (both 1-based, the column counted in characters, not UTF-8 bytes).
std::string LineColumn(const std::string& text, size_t byte) {
  const size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// The reason part of nlohmann's message ("... parse error at line 3, column 8: <reason>").
std::string ParseErrorReason(const std::string& what) {
  const size_t column = what.find("column ");
  if (column != std::string::npos) {
    const size_t colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

std::string WriteExperimentConfig(const ExperimentConfig& config) {
  Json j = Json::object();
  auto& c = const_cast<ExperimentConfig&>(config);  // the refs only take addresses here
  for (const ConfigField& field : ConfigSchema()) {
    Json& section = SectionNode(j, field.section);
    std::visit([&](auto ref) { section[field.key] = *ref(c); }, field.ref);
    // model.params follows the model's own fields.
    if (field.spec.name == "model.negative_slope") {
      j["model"]["params"] = WriteModelParams(config.model);
    }
  }
  return j.dump(2) + "\n";
}

Result<ExperimentConfig> ParseExperimentConfig(const std::string& json_text,
                                               const std::string& source_name) {
  if (Status depth = CheckJsonDepth(json_text); !depth.ok()) {
    return Status::ParseError(source_name + ":" + depth.message());
  }
  Json j;
  try {
    j = Json::parse(json_text);
  } catch (const Json::parse_error& e) {
    return Status::ParseError(source_name + ":" + LineColumn(json_text, e.byte) + ": " +
                              ParseErrorReason(e.what()));
  } catch (const Json::exception& e) {
    // A number too large for a double (out_of_range 406) is not a parse_error: it reached
    // std::terminate (fuzz finding config/number_overflow).
    return Status::ParseError(source_name + ": " + JsonExceptionReason(e.what()));
  }
  if (j.is_object()) j.erase("result");  // the result block of an exported run (train --export)
  ExperimentConfig config;
  Status status = ReadSection(j, "", &config);
  if (status.ok()) status = ValidateExperimentConfig(config);
  if (!status.ok()) return Status(status.code(), source_name + ": " + status.message());
  return config;
}

Result<ExperimentConfig> LoadExperimentConfig(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseExperimentConfig(*text, path);
}

Status SaveExperimentConfig(const ExperimentConfig& config, const std::string& path) {
  return WriteFileAtomically(path, WriteExperimentConfig(config));
}

}  // namespace optiscope
