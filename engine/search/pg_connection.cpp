// PgConnection over libpq: PQconnectdbParams with the URI expanded as dbname (so any libpq URI or
// key=value string works, and PGPASSFILE / PGPASSWORD / ~/.pgpass supply the password), prepared
// statements, text-format results, SQLSTATE-based failure classes (PostgreSQL manual, appendix A
// "PostgreSQL Error Codes": class 08 connection exception, 57P01-57P03 operator intervention,
// 40001 serialization_failure, 40P01 deadlock_detected).
#include "engine/search/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace optiscope {
namespace {

// libpq's messages end with a newline and may span lines; one line reads better in a Status.
std::string OneLine(const char* message) {
  std::string s = message == nullptr ? "" : message;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

PgFailure ClassifySqlState(const char* state) {
  if (state == nullptr) return PgFailure::kOther;
  if (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0) {
    return PgFailure::kRetry;
  }
  if (std::strncmp(state, "08", 2) == 0 || std::strcmp(state, "57P01") == 0 ||
      std::strcmp(state, "57P02") == 0 || std::strcmp(state, "57P03") == 0) {
    return PgFailure::kConnection;
  }
  return PgFailure::kOther;
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

PgResult::PgResult(pg_result* result, PgFailure failure, std::string error)
    : result_(result), failure_(failure), error_(std::move(error)) {}

PgResult::~PgResult() { PQclear(result_); }

PgResult::PgResult(PgResult&& other) noexcept
    : result_(other.result_), failure_(other.failure_), error_(std::move(other.error_)) {
  other.result_ = nullptr;
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    failure_ = other.failure_;
    error_ = std::move(other.error_);
    other.result_ = nullptr;
  }
  return *this;
}

int PgResult::rows() const { return result_ == nullptr ? 0 : PQntuples(result_); }

int64_t PgResult::affected() const {
  if (result_ == nullptr) return 0;
  const char* n = PQcmdTuples(result_);
  int64_t value = 0;
  std::from_chars(n, n + std::strlen(n), value);
  return value;
}

bool PgResult::IsNull(int row, int col) const {
  return result_ == nullptr || PQgetisnull(result_, row, col) != 0;
}

std::string PgResult::Text(int row, int col) const {
  if (IsNull(row, col)) return "";
  return std::string(PQgetvalue(result_, row, col), PQgetlength(result_, row, col));
}

int64_t PgResult::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  const char* v = PQgetvalue(result_, row, col);
  int64_t value = 0;
  std::from_chars(v, v + PQgetlength(result_, row, col), value);
  return value;
}

double PgResult::Double(int row, int col) const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (IsNull(row, col)) return kNaN;
  const std::string text = Text(row, col);
  if (text == "NaN") return kNaN;
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  double value = kNaN;
  std::from_chars(text.data(), text.data() + text.size(), value);  // locale-independent
  return value;
}

PgParam PgDouble(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

PgConnection::PgConnection(std::string uri, std::string application_name)
    : uri_(std::move(uri)),
      application_name_(std::move(application_name)),
      display_(PgDisplayName(uri_)) {}

PgConnection::~PgConnection() { Close(); }

void PgConnection::AddStatement(std::string name, std::string sql) {
  statements_[std::move(name)] = std::move(sql);
}

Status PgConnection::Connect() {
  Close();
  // Earlier keys are defaults the expanded URI may override (libpq processes them in order).
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {"10", application_name_.c_str(), uri_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn_ == nullptr) return Status::IoError(display_ + ": out of memory connecting");
  if (PQstatus(conn_) != CONNECTION_OK) {
    Status s = Status::IoError("cannot connect to " + display_ + ": " +
                               OneLine(PQerrorMessage(conn_)));
    Close();
    return s;
  }
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  return Status::Ok();
}

bool PgConnection::connected() const {
  return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK;
}

void PgConnection::Close() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
}

PgResult PgConnection::Run(const std::string& name, const std::vector<PgParam>& params) {
  if (conn_ == nullptr) return PgResult(nullptr, PgFailure::kConnection, "not connected");
  if (prepared_.count(name) == 0) {
    auto it = statements_.find(name);
    if (it == statements_.end()) {
      return PgResult(nullptr, PgFailure::kOther, "no statement named " + name);
    }
    PgResult r = Wrap(PQprepare(conn_, name.c_str(), it->second.c_str(), 0, nullptr));
    if (!r.ok()) return r;
    prepared_.insert(name);
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  return Wrap(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                             nullptr, nullptr, 0));
}

PgResult PgConnection::Exec(const std::string& sql) {
  if (conn_ == nullptr) return PgResult(nullptr, PgFailure::kConnection, "not connected");
  return Wrap(PQexec(conn_, sql.c_str()));
}

int PgConnection::BackendPid() const { return conn_ == nullptr ? 0 : PQbackendPID(conn_); }

PgResult PgConnection::Wrap(pg_result* result) const {
  const bool broken = PQstatus(conn_) == CONNECTION_BAD;
  if (result == nullptr) {
    return PgResult(nullptr, broken ? PgFailure::kConnection : PgFailure::kOther,
                    OneLine(PQerrorMessage(conn_)));
  }
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    return PgResult(result, PgFailure::kNone, "");
  }
  PgFailure failure = ClassifySqlState(PQresultErrorField(result, PG_DIAG_SQLSTATE));
  if (broken) failure = PgFailure::kConnection;
  std::string error = OneLine(PQresultErrorMessage(result));
  if (error.empty()) error = OneLine(PQerrorMessage(conn_));
  return PgResult(result, failure, std::move(error));
}

Status ValidatePgUri(const std::string& uri) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? OneLine(error) : "out of memory";
    PQfreemem(error);
    return Status::InvalidArgument("storage URL '" + PgDisplayName(uri) +
                                   "' is not a valid PostgreSQL URI: " + message);
  }
  bool has_password = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::strcmp(o->keyword, "password") == 0 && o->val != nullptr && o->val[0] != '\0') {
      has_password = true;
    }
  }
  PQconninfoFree(options);
  if (has_password) {
    return Status::InvalidArgument(
        "storage URL '" + PgDisplayName(uri) +
        "' contains a password: put it in ~/.pgpass (or the file $PGPASSFILE names) or in "
        "$PGPASSWORD instead, so that it stays out of shell history, process lists and saved "
        "settings");
  }
  return Status::Ok();
}

std::string PgDisplayName(const std::string& uri) {
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), nullptr);
  if (options == nullptr) {
    // Unparsable: show it up to any "user:password@" part.
    const size_t scheme = uri.find("://");
    const size_t at = uri.find('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
      return uri.substr(0, scheme + 3) + "...@" + uri.substr(at + 1);
    }
    return uri;
  }
  std::string user, host, port, dbname;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    const std::string value = o->val != nullptr ? o->val : "";
    if (std::strcmp(o->keyword, "user") == 0) user = value;
    if (std::strcmp(o->keyword, "host") == 0) host = value;
    if (std::strcmp(o->keyword, "port") == 0) port = value;
    if (std::strcmp(o->keyword, "dbname") == 0) dbname = value;
  }
  PQconninfoFree(options);
  std::string out = "postgresql://" + (user.empty() ? "" : user + "@");
  const bool socket = !host.empty() && host[0] == '/';
  if (!socket) out += host + (port.empty() ? "" : ":" + port);
  out += "/" + dbname;
  if (socket) out += "?host=" + host;
  return out;
}

std::string PgUriWithDatabase(const std::string& uri, const std::string& dbname) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    return uri + (uri.find('?') == std::string::npos ? "?" : "&") + "dbname=" + dbname;
  }
  return uri + " dbname='" + dbname + "'";
}

}  // namespace optiscope
