// PgConnection: one libpq connection to PostgreSQL, with the prepared statements its owner
// registered (prepared again after every reconnect), results as RAII values, and errors sorted
// into what a caller can do about them (reconnect, retry the transaction, give up). libpq stays
// behind this header: nothing else in Optiscope includes libpq-fe.h. Not thread-safe: the owner
// serializes calls (PostgresStudyStore holds a mutex per connection).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/status.h"

struct pg_conn;
struct pg_result;

namespace optiscope {

// What went wrong with a statement, by what a caller should do next.
enum class PgFailure {
  kNone,        // it succeeded
  kConnection,  // the connection is gone (server restart, pg_terminate_backend, network): reconnect
  kRetry,       // serialization failure or deadlock: run the whole transaction again
  kOther,       // a real error (constraint, syntax, permission): report it
};

// The result of one statement (owns the PGresult). Values are read in text format.
class PgResult {
 public:
  PgResult() = default;
  PgResult(pg_result* result, PgFailure failure, std::string error);
  ~PgResult();
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  bool ok() const { return failure_ == PgFailure::kNone; }
  PgFailure failure() const { return failure_; }
  // The server's or libpq's message (one line), "" when ok().
  const std::string& error() const { return error_; }
  // Rows returned (0 for a command).
  int rows() const;
  // Rows a command changed (UPDATE/INSERT/DELETE), 0 otherwise.
  int64_t affected() const;
  bool IsNull(int row, int col) const;
  // REQUIRES: row < rows(). NULL reads as "" / 0 / NaN.
  std::string Text(int row, int col) const;
  int64_t Int(int row, int col) const;
  double Double(int row, int col) const;

 private:
  pg_result* result_ = nullptr;
  PgFailure failure_ = PgFailure::kNone;
  std::string error_;
};

// A statement parameter: text, or SQL NULL when empty.
using PgParam = std::optional<std::string>;

// A double as a parameter: shortest round-trip text; non-finite values become NULL.
PgParam PgDouble(double value);

// The connection. Connect() is explicit so that a caller chooses when to retry.
class PgConnection {
 public:
  // `uri`: a libpq connection URI or key=value string (validated by ValidatePgUri first).
  // `application_name` is used unless the URI names one.
  PgConnection(std::string uri, std::string application_name);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Registers a statement; it is prepared on a connection the first time Run uses it there (so
  // statements may name tables that do not exist yet when connecting).
  void AddStatement(std::string name, std::string sql);

  // Connects, closing any previous connection. IoError with libpq's message when the server
  // cannot be reached or refuses us.
  Status Connect();
  // True when a connection is open and libpq has not seen it fail.
  bool connected() const;
  // Closes the connection (the next Connect opens a new one).
  void Close();

  // Runs a registered statement with these parameters (preparing it first on this connection).
  PgResult Run(const std::string& name, const std::vector<PgParam>& params);
  // Runs SQL text without parameters (BEGIN, COMMIT, DDL); several statements are allowed.
  PgResult Exec(const std::string& sql);

  // The backend's process id (for tests that terminate the session), 0 when not connected.
  int BackendPid() const;
  // "postgresql://user@host:port/db" without any password, for messages.
  const std::string& display() const { return display_; }

 private:
  PgResult Wrap(pg_result* result) const;

  std::string uri_;
  std::string application_name_;
  std::string display_;
  std::map<std::string, std::string> statements_;  // name -> SQL
  std::set<std::string> prepared_;                 // names prepared on conn_
  pg_conn* conn_ = nullptr;
};

// Checks a libpq URI or key=value string without connecting: InvalidArgument with libpq's own
// message for a malformed one, and for one that carries a password (passwords belong in
// ~/.pgpass, $PGPASSFILE or $PGPASSWORD: a URL ends up in shell history, process lists and saved
// settings).
Status ValidatePgUri(const std::string& uri);

// The URI for messages: scheme, user, host, port and database, never a password.
std::string PgDisplayName(const std::string& uri);

// `uri` naming database `dbname` instead (a URI gets a dbname query parameter, which libpq
// lets override the path; a key=value string gets a dbname key at the end).
std::string PgUriWithDatabase(const std::string& uri, const std::string& dbname);

}  // namespace optiscope
