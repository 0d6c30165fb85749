// StudyStore: where studies and their trials live — in memory (tests, throw-away studies) or in
// SQLite (the default; survives crashes, shared by processes). Every call is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/study_trial.h"

namespace optiscope {

// Thread-safe store of studies. A finished trial is durable when FinishTrial returns (SQLite:
// committed), so a process killed afterwards loses no completed trial.
class StudyStore {
 public:
  virtual ~StudyStore() = default;

  // Creates the study, or opens it when one with this name exists (its spec and directions are
  // then kept as stored and returned). Opening an existing study marks its trials still "running"
  // as failed with reason "process ended while running" (a study is run by one process at a
  // time; the previous one died).
  virtual Result<StudyInfo> CreateOrOpenStudy(const std::string& name, const std::string& spec_json,
                                              const std::vector<Direction>& directions) = 0;
  // The study named `name`; NotFound otherwise (the message lists the stored names).
  virtual Result<StudyInfo> GetStudy(const std::string& name) = 0;
  // Every stored study, by name.
  virtual Result<std::vector<StudyInfo>> ListStudies() = 0;

  // Records a new running trial with these parameters; returns its number (max number + 1).
  virtual Result<int> StartTrial(const std::string& study, const std::vector<TrialParam>& params,
                                 const std::string& origin) = 0;
  // Appends an intermediate value of a running trial.
  virtual Status ReportIntermediate(const std::string& study, int trial, int step,
                                    double value) = 0;
  // Ends a trial: state (not kRunning), values, reason and seconds are taken from `record`
  // (params and intermediate values already stored are kept). Durable on return.
  virtual Status FinishTrial(const std::string& study, const TrialRecord& record) = 0;
  // Every trial of the study in number order.
  virtual Result<std::vector<TrialRecord>> Trials(const std::string& study) = 0;
};

// Opens a store from a URL: "memory" (a new empty in-memory store), "sqlite:PATH", or "" / "sqlite"
// (the per-user default file, DefaultSqlitePath()). InvalidArgument for another scheme.
Result<std::unique_ptr<StudyStore>> OpenStudyStore(const std::string& url);

// $XDG_DATA_HOME/optiscope/studies.db, or ~/.local/share/optiscope/studies.db.
std::string DefaultSqlitePath();

// A new empty in-memory store.
std::unique_ptr<StudyStore> MakeMemoryStudyStore();

// Opens (creating the file, its directory and schema if needed) an SQLite store in WAL mode.
// A file whose schema version is newer than this build's is refused with a message saying so.
Result<std::unique_ptr<StudyStore>> OpenSqliteStudyStore(const std::string& path);

// The schema version this build writes (the table schema_version holds the file's).
inline constexpr int kStudySchemaVersion = 1;

}  // namespace optiscope
