#include "engine/runs/config_diff.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "engine/core/json_depth.h"
#include "engine/core/str_cat.h"

namespace optiscope {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr size_t kMaxValueBytes = 40;
constexpr const char* kAbsent = "\xE2\x80\x93";   // "–"
constexpr const char* kArrow = " \xE2\x86\x92 ";  // " → "

// "1e-3", "2.5e-4", "1e6": the shortest scientific text that reads back as `v`.
std::string ShortScientific(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  if (ec != std::errc()) return ShortestText(v);
  const std::string text(buf, end);  // e.g. "1e-03", "2.5e+06"
  const size_t e = text.find('e');
  if (e == std::string::npos) return text;
  return text.substr(0, e) + "e" + std::to_string(std::atoi(text.c_str() + e + 1));
}

// At most kMaxValueBytes bytes of `text`, never cutting a UTF-8 sequence, then "…".
std::string CutValueText(std::string text) {
  if (text.size() <= kMaxValueBytes) return text;
  size_t cut = kMaxValueBytes - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

std::string FormatLeaf(const OrderedJson& v) {
  if (v.is_string()) return CutValueText(v.get<std::string>());
  if (v.is_number_float()) {
    const double d = v.get<double>();
    const double a = std::fabs(d);
    if (d != 0.0 && std::isfinite(d) && (a < 1e-2 || a >= 1e5)) return ShortScientific(d);
    return ShortestText(d);
  }
  return CutValueText(v.dump());  // integers, booleans, null, arrays, objects
}

// Appends every leaf of `v` under `prefix` to *out, in key order. An empty object is a leaf.
void FlattenConfig(const OrderedJson& v, const std::string& prefix,
                   std::vector<std::pair<std::string, const OrderedJson*>>* out) {
  if (v.is_object() && !v.empty()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      FlattenConfig(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    }
    return;
  }
  out->emplace_back(prefix, &v);
}

// The last `parts` dot-separated components of `path` (all of them when it has fewer).
std::string PathSuffix(const std::string& path, int parts) {
  size_t at = path.size();
  for (int i = 0; i < parts; ++i) {
    const size_t dot = at == 0 ? std::string::npos : path.rfind('.', at - 1);
    if (dot == std::string::npos) return path;
    at = dot;
  }
  return path.substr(at + 1);
}

// Gives each difference the shortest path suffix that no other difference's path ends with.
void LabelDifferences(std::vector<ConfigDifference>* diffs) {
  for (ConfigDifference& d : *diffs) {
    for (int parts = 1;; ++parts) {
      d.label = PathSuffix(d.path, parts);
      if (d.label == d.path) break;
      bool shared = false;
      for (const ConfigDifference& other : *diffs) {
        if (&other != &d && PathSuffix(other.path, parts) == d.label) shared = true;
      }
      if (!shared) break;
    }
  }
}

std::string JoinLimited(const std::vector<std::string>& items, size_t max_items) {
  std::string text;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) {
    if (i > 0) text += ", ";
    text += items[i];
  }
  if (items.size() > max_items) {
    text += " (+" + std::to_string(items.size() - max_items) + " more)";
  }
  return text;
}

}  // namespace

Result<std::vector<ConfigDifference>> DiffConfigs(const std::vector<std::string>& json_texts) {
  std::vector<OrderedJson> docs(json_texts.size());
  for (size_t i = 0; i < json_texts.size(); ++i) {
    const std::string where = "configuration " + std::to_string(i + 1) + ": ";
    if (Status s = CheckJsonDepth(json_texts[i]); !s.ok()) {
      return Status::ParseError(where + s.message());
    }
    try {
      docs[i] = OrderedJson::parse(json_texts[i]);
    } catch (const nlohmann::json::exception& e) {
      return Status::ParseError(where + JsonExceptionReason(e.what()));
    }
    if (!docs[i].is_object()) return Status::ParseError(where + "not a JSON object");
  }
  std::vector<ConfigDifference> diffs;
  if (docs.size() < 2) return diffs;
  // Every path in order of first appearance, with its value in each document.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const OrderedJson*>> values;
  for (size_t i = 0; i < docs.size(); ++i) {
    std::vector<std::pair<std::string, const OrderedJson*>> leaves;
    FlattenConfig(docs[i], std::string(), &leaves);
    for (const auto& [path, value] : leaves) {
      auto [it, inserted] = values.try_emplace(path, docs.size(), nullptr);
      if (inserted) order.push_back(path);
      it->second[i] = value;
    }
  }
  for (const std::string& path : order) {
    const std::vector<const OrderedJson*>& v = values[path];
    bool same = true;
    for (const OrderedJson* x : v) {
      same = same && x != nullptr && v[0] != nullptr && *x == *v[0];
    }
    if (same) continue;
    ConfigDifference d;
    d.path = path;
    for (const OrderedJson* x : v) d.values.push_back(x == nullptr ? kAbsent : FormatLeaf(*x));
    diffs.push_back(std::move(d));
  }
  LabelDifferences(&diffs);
  return diffs;
}

std::string FormatConfigValue(const std::string& json_text) {
  if (CheckJsonDepth(json_text).ok()) {
    try {
      return FormatLeaf(OrderedJson::parse(json_text));
    } catch (const nlohmann::json::exception&) {
      // Not JSON: shown as it is (documented).
    }
  }
  return json_text;
}

std::string DescribeChange(const std::vector<ConfigDifference>& diffs, size_t from, size_t to,
                           size_t max_items) {
  std::vector<std::string> items;
  for (const ConfigDifference& d : diffs) {
    if (from >= d.values.size() || to >= d.values.size()) continue;
    if (d.values[from] == d.values[to]) continue;
    items.push_back(d.label + " " + d.values[from] + kArrow + d.values[to]);
  }
  return JoinLimited(items, max_items);
}

std::string DescribeValues(const std::vector<ConfigDifference>& diffs, size_t index,
                           size_t max_items) {
  std::vector<std::string> items;
  for (const ConfigDifference& d : diffs) {
    if (index < d.values.size()) items.push_back(d.label + " " + d.values[index]);
  }
  return JoinLimited(items, max_items);
}

}  // namespace optiscope
