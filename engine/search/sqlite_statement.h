// Small helpers for the SQLite study store: a prepared statement that finalizes itself, and the
// JSON text forms of trial parameters and values it stores. Internal to engine/search (and the
// runs store above it, engine/runs).
#pragma once

#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/status.h"
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

// Opens (creating it and its folder when missing) the SQLite file `path` read-write, serialized,
// with a busy timeout of `busy_ms`. IoError "cannot create FOLDER: ..." or "cannot open WHAT
// PATH: ..." (`what` names the file's role, e.g. "study storage"). The caller closes the handle.
Result<sqlite3*> OpenSqliteFile(const std::string& path, const std::string& what, int busy_ms);

// [{"name":..., "value":..., "label":...}, ...]; labels only when not empty.
std::string ParamsJson(const std::vector<TrialParam>& params);
// The inverse. A database is a file from someone else: text that is not such an array (an element
// that is not an object, a name or label that is not a string, a value that is not a number) is
// an error naming the element and the field ("params: element 0: \"name\" is not a string").
Status ParseParams(const std::string& text, std::vector<TrialParam>* out);
// [v, ...] with null for a non-finite value.
std::string ValuesJson(const std::vector<double>& values);
// The inverse (null reads as NaN); anything but an array of numbers and nulls is an error.
Status ParseValues(const std::string& text, std::vector<double>* out);
// ["minimize", "maximize", ...] as written by CreateStudy; anything else (not JSON, another word,
// no direction at all) is an error: a study without objectives would look valid and empty.
Status ParseDirections(const std::string& text, std::vector<Direction>* out);
// A 64-bit column that must fit an int (trial numbers, steps, counts): an error naming `what`
// when it does not, instead of a silent wrap (2^63-1 read as -1).
Status CheckedInt(int64_t v, const char* what, int* out);
// One trial row's stored columns, checked: the number must fit an int, params and values must
// parse. Errors read "trial N: params: ...".
Status ReadTrialColumns(int64_t number, const std::string& params, const std::string& values,
                        TrialRecord* t);

}  // namespace optiscope::sqlite_store
