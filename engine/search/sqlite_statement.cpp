#include "engine/search/sqlite_statement.h"

#include <filesystem>

#include <nlohmann/json.hpp>

namespace optiscope::sqlite_store {

Result<sqlite3*> OpenSqliteFile(const std::string& path, const std::string& what, int busy_ms) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return Status::IoError("cannot create " + parent.string() + ": " + ec.message());
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    const std::string message =
        "cannot open " + what + " " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Status::IoError(message);
  }
  sqlite3_busy_timeout(db, busy_ms);
  return db;
}

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

Status ParseParams(const std::string& text, std::vector<TrialParam>* out) {
  out->clear();
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return Status::ParseError("params: not a JSON array");
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& o = j[i];
    const std::string where = "params: element " + std::to_string(i) + ": ";
    if (!o.is_object()) return Status::ParseError(where + "not an object");
    const auto name = o.find("name");
    const auto value = o.find("value");
    const auto label = o.find("label");
    if (name == o.end() || !name->is_string()) {
      return Status::ParseError(where + "\"name\" is missing or not a string");
    }
    if (value == o.end() || !value->is_number()) {
      return Status::ParseError(where + "\"value\" is missing or not a number");
    }
    if (label != o.end() && !label->is_string()) {
      return Status::ParseError(where + "\"label\" is not a string");
    }
    TrialParam p;
    p.name = name->get<std::string>();
    p.value = value->get<double>();
    if (label != o.end()) p.label = label->get<std::string>();
    out->push_back(std::move(p));
  }
  return Status::Ok();
}

std::string ValuesJson(const std::vector<double>& values) {
  Json j = Json::array();
  for (double v : values) j.push_back(std::isfinite(v) ? Json(v) : Json(nullptr));
  return j.dump();
}

Status ParseValues(const std::string& text, std::vector<double>* out) {
  out->clear();
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return Status::ParseError("values: not a JSON array");
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& v = j[i];
    if (v.is_null()) {
      out->push_back(std::numeric_limits<double>::quiet_NaN());
    } else if (v.is_number()) {
      out->push_back(v.get<double>());
    } else {
      return Status::ParseError("values: element " + std::to_string(i) +
                                " is neither a number nor null");
    }
  }
  return Status::Ok();
}

Status ParseDirections(const std::string& text, std::vector<Direction>* out) {
  out->clear();
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_array() || j.empty()) {
    return Status::ParseError("directions: not a non-empty JSON array");
  }
  for (size_t i = 0; i < j.size(); ++i) {
    if (j[i] == "minimize") {
      out->push_back(Direction::kMinimize);
    } else if (j[i] == "maximize") {
      out->push_back(Direction::kMaximize);
    } else {
      return Status::ParseError("directions: element " + std::to_string(i) +
                                " is not \"minimize\" or \"maximize\"");
    }
  }
  return Status::Ok();
}

Status CheckedInt(int64_t v, const char* what, int* out) {
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    return Status::ParseError(std::string(what) + " " + std::to_string(v) + " is out of range");
  }
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status ReadTrialColumns(int64_t number, const std::string& params, const std::string& values,
                        TrialRecord* t) {
  if (Status s = CheckedInt(number, "trial number", &t->number); !s.ok()) return s;
  const std::string where = "trial " + std::to_string(number) + ": ";
  if (Status s = ParseParams(params, &t->params); !s.ok()) {
    return Status::ParseError(where + s.message());
  }
  if (Status s = ParseValues(values, &t->values); !s.ok()) {
    return Status::ParseError(where + s.message());
  }
  return Status::Ok();
}

}  // namespace optiscope::sqlite_store
