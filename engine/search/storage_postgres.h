// PostgresStudyStore: the StudyStore contract on a PostgreSQL server through libpq, so that worker
// processes on many machines share one study. OpenStudyStore hands it every "postgresql://" and
// "postgres://" URL.
#pragma once

#include <memory>
#include <string>

#include "engine/core/status.h"
#include "engine/search/storage.h"

namespace optiscope {

// How long calls keep trying when the server cannot be reached.
struct PostgresStoreOptions {
  // An ordinary call reconnects (backoff 50 ms doubling to 2 s) for this long, then fails.
  double reconnect_seconds = 30;
  // FinishTrial keeps trying to store a finished trial's result for this long (a result is never
  // dropped silently: the error after that names the trial and its values).
  double persist_seconds = 600;
};

// Opens a store on the server `uri` names (any libpq URI or key=value string; the password comes
// from ~/.pgpass, $PGPASSFILE or $PGPASSWORD, and a URI carrying one is refused). Creates the
// schema "optiscope" and its tables on first use; refuses a database whose schema version is newer
// than kPostgresSchemaVersion with a message saying so. InvalidArgument for a malformed URI,
// IoError when the server cannot be reached.
Result<std::unique_ptr<StudyStore>> OpenPostgresStudyStore(
    const std::string& uri, const PostgresStoreOptions& options = {});

// True for "postgresql://..." and "postgres://..." (what OpenStudyStore hands to PostgreSQL).
bool IsPostgresUrl(const std::string& url);

// The schema version this build writes (optiscope.schema_version holds the database's).
inline constexpr int kPostgresSchemaVersion = 1;

}  // namespace optiscope
