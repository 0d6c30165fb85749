// RunStore: the runs of every mode kept across restarts in an SQLite file of their own (runs.db,
// beside the default study file), so the Runs list can compare today's runs with last week's.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/runs/run_record.h"

struct sqlite3;

namespace optiscope {

// The schema version this build writes; a file's version is in its table run_schema_version.
inline constexpr int kRunStoreSchemaVersion = 1;

// The path that Open takes as a store kept in memory, for one process's session only (nothing is
// written to disk; its runs are gone when it is closed).
inline constexpr char kSessionRunStore[] = ":memory:";

// $XDG_DATA_HOME/optiscope/runs.db (or ~/.local/share/optiscope/runs.db): the sibling of
// DefaultSqlitePath(), the default study file.
std::string DefaultRunStorePath();

// An open runs file. Every call is one short transaction, durable on return (SQLite's rollback
// journal, synchronous=FULL), and waits at most two seconds for another process holding the file.
// A file from elsewhere is input, not trusted: a file that is not SQLite, has another shape, a
// newer schema or out-of-range values gives an error naming the file, never a crash.
// Thread-safe: calls are serialised on one mutex.
class RunStore {
 public:
  // Opens `path`, creating the file, its folder and the schema when they do not exist (schema
  // version kRunStoreSchemaVersion); kSessionRunStore opens a store in memory. Errors: IoError when the file or folder cannot be opened or
  // created; ParseError "PATH: not an Optiscope runs file: ..." for a file that is not SQLite or
  // lacks the runs tables' columns; InvalidArgument for a schema version newer than this build's.
  static Result<std::unique_ptr<RunStore>> Open(const std::string& path);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  // Stores `run` (its id is ignored) with its epochs; returns the new id, larger than every id
  // before it. An epoch number repeated in run.epochs is an InvalidArgument error.
  Result<int64_t> Add(const RunRecord& run);
  // The newest `limit` runs (limit >= 1), oldest first, WITHOUT their epochs (Get reads those).
  Result<std::vector<RunRecord>> List(int limit = 2000);
  // One run with its epochs in epoch order. NotFound when no run has this id.
  Result<RunRecord> Get(int64_t id);
  // Deletes a run and its epochs. Ok when no run has this id.
  Status Remove(int64_t id);

  const std::string& path() const { return path_; }

 private:
  RunStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const char* sql);
  Status Error(const std::string& what) const;
  Status CreateOrCheckSchema();

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
};

}  // namespace optiscope
