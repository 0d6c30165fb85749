// SqliteStudyStore: studies in one SQLite file (WAL mode, schema versioned). Each call is one
// transaction, so a finished trial is on disk when FinishTrial returns; several processes may share
// the file (busy timeout). Parameters and values are stored as JSON text.
#include <sqlite3.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>

#include "engine/search/storage.h"

namespace optiscope {
namespace {

using Json = nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  directions TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL,
  trial_values TEXT NOT NULL DEFAULT '[]',
  reason TEXT NOT NULL DEFAULT '',
  seconds REAL NOT NULL DEFAULT 0,
  origin TEXT NOT NULL DEFAULT '',
  UNIQUE (study_id, number));
CREATE TABLE IF NOT EXISTS intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, step));
)sql";

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

// A prepared statement, finalized on scope exit.
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
  Stmt& Bind(int i, double v) {
    if (std::isfinite(v)) {
      sqlite3_bind_double(stmt_, i, v);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
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

class SqliteStudyStore final : public StudyStore {
 public:
  SqliteStudyStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStudyStore() override { sqlite3_close_v2(db_); }

  Result<StudyInfo> CreateOrOpenStudy(const std::string& name, const std::string& spec_json,
                                      const std::vector<Direction>& directions) override {
    std::lock_guard lock(mu_);
    OPTISCOPE_RETURN_IF_ERROR(ExecLocked("BEGIN IMMEDIATE"));
    Status status = [&]() -> Status {
      const int64_t id = StudyIdLocked(name);
      if (id < 0) {
        Json dirs = Json::array();
        for (Direction d : directions) dirs.push_back(DirectionName(d));
        Stmt insert(db_, "INSERT INTO studies(name, spec, directions) VALUES (?, ?, ?)");
        insert.Bind(1, name).Bind(2, spec_json).Bind(3, dirs.dump());
        if (insert.Step() != SQLITE_DONE) return ErrorLocked("cannot create study " + name);
        return Status::Ok();
      }
      Stmt mark(db_,
                "UPDATE trials SET state = 'failed', reason = 'process ended while running' "
                "WHERE study_id = ? AND state = 'running'");
      mark.Bind(1, id);
      if (mark.Step() != SQLITE_DONE) return ErrorLocked("cannot recover study " + name);
      return Status::Ok();
    }();
    if (!status.ok()) {
      RollbackLocked();
      return status;
    }
    OPTISCOPE_RETURN_IF_ERROR(ExecLocked("COMMIT"));
    return InfoLocked(name);
  }

  Result<StudyInfo> GetStudy(const std::string& name) override {
    std::lock_guard lock(mu_);
    return InfoLocked(name);
  }

  Result<std::vector<StudyInfo>> ListStudies() override {
    std::lock_guard lock(mu_);
    std::vector<std::string> names;
    {
      Stmt q(db_, "SELECT name FROM studies ORDER BY name");
      while (q.Step() == SQLITE_ROW) names.push_back(q.Text(0));
    }
    std::vector<StudyInfo> out;
    for (const std::string& n : names) {
      auto info = InfoLocked(n);
      if (!info.ok()) return info.status();
      out.push_back(*std::move(info));
    }
    return out;
  }

  Result<int> StartTrial(const std::string& study, const std::vector<TrialParam>& params,
                         const std::string& origin) override {
    std::lock_guard lock(mu_);
    OPTISCOPE_RETURN_IF_ERROR(ExecLocked("BEGIN IMMEDIATE"));
    const int64_t id = StudyIdLocked(study);
    if (id < 0) {
      RollbackLocked();
      return Status::NotFound("no study named '" + study + "' in " + path_);
    }
    int number = 0;
    {
      Stmt q(db_, "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?");
      q.Bind(1, id);
      if (q.Step() == SQLITE_ROW) number = static_cast<int>(q.Int(0));
    }
    Stmt insert(db_,
                "INSERT INTO trials(study_id, number, state, params, origin) "
                "VALUES (?, ?, 'running', ?, ?)");
    insert.Bind(1, id).Bind(2, static_cast<int64_t>(number)).Bind(3, ParamsJson(params));
    insert.Bind(4, origin);
    if (insert.Step() != SQLITE_DONE) {
      Status s = ErrorLocked("cannot record a trial");
      RollbackLocked();
      return s;
    }
    OPTISCOPE_RETURN_IF_ERROR(ExecLocked("COMMIT"));
    return number;
  }

  Status ReportIntermediate(const std::string& study, int trial, int step,
                            double value) override {
    std::lock_guard lock(mu_);
    Stmt q(db_,
           "INSERT OR REPLACE INTO intermediate(trial_id, step, value) SELECT t.id, ?, ? FROM "
           "trials t JOIN studies s ON t.study_id = s.id WHERE s.name = ? AND t.number = ?");
    q.Bind(1, static_cast<int64_t>(step)).Bind(2, value).Bind(3, study);
    q.Bind(4, static_cast<int64_t>(trial));
    if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot record an intermediate value");
    return Status::Ok();
  }

  Status FinishTrial(const std::string& study, const TrialRecord& record) override {
    std::lock_guard lock(mu_);
    Stmt q(db_,
           "UPDATE trials SET state = ?, trial_values = ?, reason = ?, seconds = ? WHERE number = "
           "? AND study_id = (SELECT id FROM studies WHERE name = ?)");
    q.Bind(1, std::string(TrialStateName(record.state))).Bind(2, ValuesJson(record.values));
    q.Bind(3, record.reason).Bind(4, record.seconds).Bind(5, static_cast<int64_t>(record.number));
    q.Bind(6, study);
    if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot record the end of a trial");
    if (sqlite3_changes(db_) != 1) {
      return Status::NotFound("no trial " + std::to_string(record.number) + " in " + study);
    }
    return Status::Ok();
  }

  Result<std::vector<TrialRecord>> Trials(const std::string& study) override {
    std::lock_guard lock(mu_);
    const int64_t id = StudyIdLocked(study);
    if (id < 0) return NotFoundLocked(study);
    std::vector<TrialRecord> out;
    std::vector<int64_t> ids;
    {
      Stmt q(db_,
             "SELECT id, number, state, params, trial_values, reason, seconds, origin FROM "
             "trials WHERE study_id = ? ORDER BY number");
      q.Bind(1, id);
      while (q.Step() == SQLITE_ROW) {
        TrialRecord t;
        ids.push_back(q.Int(0));
        t.number = static_cast<int>(q.Int(1));
        t.state = ParseTrialState(q.Text(2)).value_or(TrialState::kFailed);
        t.params = ParseParams(q.Text(3));
        t.values = ParseValues(q.Text(4));
        t.reason = q.Text(5);
        t.seconds = q.Double(6);
        t.origin = q.Text(7);
        out.push_back(std::move(t));
      }
    }
    Stmt q(db_,
           "SELECT i.trial_id, i.step, i.value FROM intermediate i JOIN trials t ON i.trial_id "
           "= t.id WHERE t.study_id = ? ORDER BY t.number, i.rowid");
    q.Bind(1, id);
    size_t k = 0;
    while (q.Step() == SQLITE_ROW) {
      const int64_t trial_id = q.Int(0);
      while (k < ids.size() && ids[k] != trial_id) ++k;
      if (k == ids.size()) break;
      out[k].intermediate.emplace_back(static_cast<int>(q.Int(1)), q.Double(2));
    }
    return out;
  }

  Status ExecLocked(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) == SQLITE_OK) return Status::Ok();
    std::string message = path_ + ": " + (error ? error : "sqlite error");
    sqlite3_free(error);
    return Status::IoError(message);
  }

  // Ends the open transaction after an error, which is the one the caller reports. The rollback's
  // own status is dropped on purpose: when it fails, SQLite has already rolled back (or the
  // connection is broken and the next statement says so).
  void RollbackLocked() { (void)ExecLocked("ROLLBACK"); }

 private:
  Status ErrorLocked(const std::string& what) {
    return Status::IoError(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  int64_t StudyIdLocked(const std::string& name) {
    Stmt q(db_, "SELECT id FROM studies WHERE name = ?");
    q.Bind(1, name);
    return q.Step() == SQLITE_ROW ? q.Int(0) : -1;
  }

  Status NotFoundLocked(const std::string& name) {
    std::string names;
    Stmt q(db_, "SELECT name FROM studies ORDER BY name");
    while (q.Step() == SQLITE_ROW) names += (names.empty() ? "" : ", ") + q.Text(0);
    return Status::NotFound("no study named '" + name + "' in " + path_ +
                            (names.empty() ? std::string(" (empty)") : " (studies: " + names + ")"));
  }

  Result<StudyInfo> InfoLocked(const std::string& name) {
    Stmt q(db_,
           "SELECT s.spec, s.directions, (SELECT COUNT(*) FROM trials t WHERE t.study_id = s.id), "
           "(SELECT COUNT(*) FROM trials t WHERE t.study_id = s.id AND t.state = 'complete') "
           "FROM studies s WHERE s.name = ?");
    q.Bind(1, name);
    if (q.Step() != SQLITE_ROW) return NotFoundLocked(name);
    StudyInfo info;
    info.name = name;
    info.spec_json = q.Text(0);
    info.directions.clear();
    const Json dirs = Json::parse(q.Text(1), nullptr, false);
    if (dirs.is_array()) {
      for (const Json& d : dirs) {
        info.directions.push_back(d == "maximize" ? Direction::kMaximize : Direction::kMinimize);
      }
    }
    info.n_trials = static_cast<int>(q.Int(2));
    info.n_complete = static_cast<int>(q.Int(3));
    return info;
  }

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
};

}  // namespace

std::string DefaultSqlitePath() {
  std::filesystem::path base;
  if (const char* xdg = ::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/') {
    base = xdg;
  } else if (const char* home = ::getenv("HOME"); home != nullptr && home[0] != '\0') {
    base = std::filesystem::path(home) / ".local" / "share";
  } else {
    base = ".";
  }
  return (base / "optiscope" / "studies.db").string();
}

Result<std::unique_ptr<StudyStore>> OpenSqliteStudyStore(const std::string& path) {
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
    std::string message = "cannot open study storage " + path + ": " +
                          (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Status::IoError(message);
  }
  sqlite3_busy_timeout(db, 10000);
  auto store = std::make_unique<SqliteStudyStore>(db, path);
  // WAL: readers (a GUI watching) never block the writer; synchronous=NORMAL is durable across a
  // process crash (only an OS crash may lose the last transactions).
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("PRAGMA journal_mode=WAL"));
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("PRAGMA synchronous=NORMAL"));
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("BEGIN IMMEDIATE"));
  OPTISCOPE_RETURN_IF_ERROR(
      store->ExecLocked("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  int version = -1;
  {
    Stmt q(db, "SELECT MAX(version) FROM schema_version");
    if (q.Step() == SQLITE_ROW && !q.IsNull(0)) version = static_cast<int>(q.Int(0));
  }
  if (version > kStudySchemaVersion) {
    store->RollbackLocked();
    return Status::InvalidArgument(
        path + ": study storage schema version " + std::to_string(version) +
        " is newer than this build reads (" + std::to_string(kStudySchemaVersion) +
        "); use a newer optiscope or another --storage file");
  }
  if (version < 0) {
    Status s = store->ExecLocked(kSchema);
    if (s.ok()) {
      s = store->ExecLocked(
          ("INSERT INTO schema_version(version) VALUES (" + std::to_string(kStudySchemaVersion) +
           ")")
              .c_str());
    }
    if (!s.ok()) {
      store->RollbackLocked();
      return s;
    }
  }
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("COMMIT"));
  return std::unique_ptr<StudyStore>(std::move(store));
}

Result<std::unique_ptr<StudyStore>> OpenStudyStore(const std::string& url) {
  if (url == "memory") return MakeMemoryStudyStore();
  if (url.empty() || url == "sqlite") return OpenSqliteStudyStore(DefaultSqlitePath());
  if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) return OpenSqliteStudyStore(url.substr(7));
  return Status::InvalidArgument("storage '" + url +
                                 "': expected memory, sqlite or sqlite:PATH");
}

}  // namespace optiscope
