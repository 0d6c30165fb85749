#include "engine/search/sqlite_statement.h"

#include <nlohmann/json.hpp>

namespace optiscope::sqlite_store {

using Json = nlohmann::json;

std::string ParamsJson(const std::vector<TrialParam>& params) {
  Json j = Json::array();
  for (const TrialParam& p : params) {
    Json o = {{"name", p.name}, {"value", p.value}};
    if (!p.label.empty()) o["label"] = p.label;
    j.push_back(std::move(o));
  }
  return j.dump();
}

std::vector<TrialParam> ParseParams(const std::string& text) {
  std::vector<TrialParam> out;
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& o : j) {
    if (!o.is_object()) continue;
    TrialParam p;
    p.name = o.value("name", "");
    p.value = o.value("value", 0.0);
    p.label = o.value("label", "");
    out.push_back(std::move(p));
  }
  return out;
}

std::string ValuesJson(const std::vector<double>& values) {
  Json j = Json::array();
  for (double v : values) j.push_back(std::isfinite(v) ? Json(v) : Json(nullptr));
  return j.dump();
}

std::vector<double> ParseValues(const std::string& text) {
  std::vector<double> out;
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) {
    out.push_back(v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
  }
  return out;
}

}  // namespace optiscope::sqlite_store
