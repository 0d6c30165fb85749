// Small helpers for the SQLite study store: a prepared statement that finalizes itself, and the
// JSON text forms of trial parameters and values it stores. Internal to engine/search.
#pragma once

#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/search/study_trial.h"

namespace optiscope::sqlite_store {

// A prepared statement, finalized on scope exit. Bind indices count from 1, columns from 0.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  // A non-finite double is stored as NULL.
  Stmt& Bind(int i, double v) {
    if (std::isfinite(v)) {
      sqlite3_bind_double(stmt_, i, v);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code (a statement that did not prepare: SQLITE_ERROR).
  int Step() { return stmt_ == nullptr ? SQLITE_ERROR : sqlite3_step(stmt_); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  // NULL reads as NaN.
  double Double(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return sqlite3_column_double(stmt_, col);
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// [{"name":..., "value":..., "label":...}, ...]; labels only when not empty.
std::string ParamsJson(const std::vector<TrialParam>& params);
// The inverse; malformed text gives no parameters.
std::vector<TrialParam> ParseParams(const std::string& text);
// [v, ...] with null for a non-finite value.
std::string ValuesJson(const std::vector<double>& values);
// The inverse (null reads as NaN).
std::vector<double> ParseValues(const std::string& text);

}  // namespace optiscope::sqlite_store
