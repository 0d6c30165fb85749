// StudyStore: where studies and their trials live — in memory (tests, throw-away studies), in
// SQLite (the default; one file shared by the processes of one machine) or in PostgreSQL (many
// machines). The contract below is what lets any number of worker processes run one study: an
// atomic trial budget, owners with heartbeats, recovery of trials whose owner died, a retry
// queue, steering records and a cheap "what changed since N" poll. Every call is thread-safe.
// docs/study.md ("Studies on several processes and machines") describes it for users.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/study_trial.h"

namespace optiscope {

// What ReserveTrial asks for.
struct TrialReservation {
  std::string worker;  // the owner (a WorkerId); must be registered (RegisterWorker)
  // Budget: > 0: no new trial is created once the study holds n_trials trials that use budget
  // (see TrialRecord::uses_budget; waiting trials count); 0: no limit.
  int n_trials = 0;
  // First claim a waiting trial (one re-queued by FailStaleTrials) instead of creating one; a
  // claimed trial ignores the budget (it was counted when it was queued).
  bool claim_waiting = true;
  // Parameters of the new trial when the caller knows them (clone, extend); empty: the caller
  // samples them after the reservation (its number seeds the sampler) and calls SetTrialParams.
  std::vector<TrialParam> params;
  std::string origin;  // TrialRecord::origin of a new trial
};

// Which running trials FailStaleTrials fails.
struct StalePolicy {
  // A running trial whose owner's last heartbeat is more than grace_s seconds old (by the store's
  // clock) is failed. REQUIRES: grace_s > 0.
  double grace_s = 60.0;
  // Owners known dead (a process on this host that no longer exists): their running trials are
  // failed whatever their heartbeat says.
  std::vector<std::string> dead_workers;
  // Each failed trial is re-queued as a new waiting trial with the same parameters (origin
  // "retry of N", N the first trial of the chain) while its chain has been retried fewer than
  // retry_failed times.
  int retry_failed = 0;
};

// A worker process (or in-process runner) of a study, as the store saw it.
struct WorkerRecord {
  std::string id;               // WorkerId: "host:pid:random"
  double heartbeat_age_s = 0;   // seconds since its last heartbeat, by the store's clock
  bool ended = false;           // EndWorker was called (a clean exit)
};

// Steering records: key -> value text, and a version that changes with every SetControl.
// Keys every worker obeys between trials (docs/study.md):
//   "state"   "running" | "paused" (no new trial starts) | "stopped" (workers finish their
//             running trials as interrupted and exit)
//   "space"   a search space as JSON text (the spec's "space" syntax) replacing the spec's
//   "sampler" a sampler object as JSON text ({"type": "tpe", ...}) replacing the spec's
//   "pruner"  a pruner object as JSON text ({"type": "median", ...}) replacing the spec's
// Other keys are stored and returned unchanged (for later additions).
struct StudyControl {
  std::map<std::string, std::string> values;
  int64_t version = 0;  // 0: nothing was ever set
};

// What ChangesSince returns: every trial that changed (created, claimed, params set, reported,
// finished, failed, asked to stop) after version `since`, in number order, with all its fields.
// Since -1 returns every trial: a trial written before schema 2 (upgraded in place) has version 0.
struct StudyChanges {
  int64_t version = 0;  // the study's change counter now; pass it as `since` next time
  std::vector<TrialRecord> trials;
};

// The reason FailStaleTrials records on the trials it fails.
inline constexpr const char* kProcessEndedReason = "process ended while running";

// Thread-safe store of studies. Every mutating call is one transaction: durable and visible to
// every process when it returns (SQLite: committed; PostgreSQL: committed). Timestamps (heartbeats)
// use the store's clock (SQLite: this machine's; PostgreSQL: the server's), so workers on machines
// with skewed clocks agree on staleness.
//
// A study's change counter (its version) increases with every change to it (trial or control);
// each trial carries the version of its last change, which is what ChangesSince compares.
class StudyStore {
 public:
  virtual ~StudyStore() = default;

  // ---- Studies ----
  // Creates the study, or opens it when one with this name exists (its spec and directions are
  // then kept as stored and returned; comparing the spec is the caller's job). Opening changes no
  // trial: trials another process runs stay running (FailStaleTrials recovers dead ones).
  virtual Result<StudyInfo> CreateOrOpenStudy(const std::string& name, const std::string& spec_json,
                                              const std::vector<Direction>& directions) = 0;
  // The study named `name`; NotFound otherwise (the message lists the stored names).
  virtual Result<StudyInfo> GetStudy(const std::string& name) = 0;
  // Every stored study, by name.
  virtual Result<std::vector<StudyInfo>> ListStudies() = 0;
  // Replaces the stored spec text (a resume with --allow-changed-spec); directions are kept.
  virtual Status UpdateStudySpec(const std::string& name, const std::string& spec_json) = 0;

  // ---- Workers ----
  // Records `worker` as a live worker of the study with a heartbeat now (again after EndWorker).
  virtual Status RegisterWorker(const std::string& study, const std::string& worker) = 0;
  // Sets the worker's heartbeat to now (its running trials are then not stale). Returns the
  // numbers of its running trials that RequestTrialStop asked to stop.
  virtual Result<std::vector<int>> Heartbeat(const std::string& study,
                                             const std::string& worker) = 0;
  // Marks the worker ended (a clean exit); its heartbeat no longer matters.
  virtual Status EndWorker(const std::string& study, const std::string& worker) = 0;
  // Every worker that ever registered with the study, by id.
  virtual Result<std::vector<WorkerRecord>> Workers(const std::string& study) = 0;

  // ---- Trials ----
  // In one transaction (serialised against every other process): claims a waiting trial (when
  // asked and one exists: the lowest number; it becomes running, owned by r.worker, with its
  // stored params and origin), else creates a running trial owned by r.worker with number =
  // max number + 1 (numbers are never reused) and r.params / r.origin — unless the budget is used:
  // then returns nullopt and changes nothing. The returned record is the trial as stored.
  virtual Result<std::optional<TrialRecord>> ReserveTrial(const std::string& study,
                                                          const TrialReservation& r) = 0;
  // Sets the parameters of a running trial reserved with empty params. NotFound: no such trial.
  virtual Status SetTrialParams(const std::string& study, int trial,
                                const std::vector<TrialParam>& params) = 0;
  // Like SetTrialParams, unless another trial of the study (any state) already has exactly these
  // parameters (names, values, labels): then changes nothing and returns false. Atomic in the
  // stores of this build (one transaction); this default (read, then write) is for stores that do
  // not override it. Two workers that sampled the same point in the same instant find out here.
  virtual Result<bool> SetTrialParamsUnlessDuplicate(const std::string& study, int trial,
                                                     const std::vector<TrialParam>& params);
  // Appends an intermediate value of a running trial (a step reported again replaces its value).
  virtual Status ReportIntermediate(const std::string& study, int trial, int step,
                                    double value) = 0;
  // Ends a running trial: state (not kRunning / kWaiting), values, reason, seconds and
  // uses_budget are taken from `record` (params, origin, owner and intermediate values already
  // stored are kept). Durable on return. NotFound: no such trial. Cancelled: the trial is no
  // longer running (FailStaleTrials failed it meanwhile); it is left as it is.
  virtual Status FinishTrial(const std::string& study, const TrialRecord& record) = 0;
  // Fails (reason "process ended while running", uses_budget false) every running trial whose
  // owner is stale under `policy`, and re-queues retries as waiting trials (see StalePolicy).
  // Returns the numbers of the trials it failed. One transaction.
  virtual Result<std::vector<int>> FailStaleTrials(const std::string& study,
                                                   const StalePolicy& policy) = 0;
  // Asks the owner of running trial `trial` to stop it (it learns it from Heartbeat). NotFound
  // when the trial is not running.
  virtual Status RequestTrialStop(const std::string& study, int trial) = 0;
  // Every trial of the study in number order.
  virtual Result<std::vector<TrialRecord>> Trials(const std::string& study) = 0;
  // Trials changed after version `since` (0: all) and the study's version now. Cheap when few
  // changed (an index on the trial version): the GUI polls it several times a second.
  virtual Result<StudyChanges> ChangesSince(const std::string& study, int64_t since) = 0;

  // ---- Steering ----
  // Sets one steering record (see StudyControl); bumps the study's version.
  virtual Status SetControl(const std::string& study, const std::string& key,
                            const std::string& value) = 0;
  virtual Result<StudyControl> GetControl(const std::string& study) = 0;

  // ---- Conveniences (not overridden) ----
  // A running trial owned by kLocalWorker, outside any budget; returns its number. For tests and
  // tools that write studies directly.
  Result<int> StartTrial(const std::string& study, const std::vector<TrialParam>& params,
                         const std::string& origin);
};

// The owner StartTrial uses (registered on first use).
inline constexpr const char* kLocalWorker = "local";

// A new worker id for this process: "host:pid:random" (16 hex digits of random, so two ids made
// by one process — or by reused pids — differ).
std::string MakeWorkerId();
// The host and pid of a worker id made by MakeWorkerId; nullopt for another format.
struct WorkerHostPid {
  std::string host;
  int pid = 0;
};
std::optional<WorkerHostPid> ParseWorkerId(const std::string& id);

// Opens a store from a URL: "memory" (a new empty in-memory store), "sqlite:PATH", "" / "sqlite"
// (the per-user default file, DefaultSqlitePath()), or "postgresql://..." / "postgres://..." (any
// libpq URI: OpenPostgresStudyStore). InvalidArgument for another scheme.
Result<std::unique_ptr<StudyStore>> OpenStudyStore(const std::string& url);

// $XDG_DATA_HOME/optiscope/studies.db, or ~/.local/share/optiscope/studies.db.
std::string DefaultSqlitePath();

// A new empty in-memory store.
std::unique_ptr<StudyStore> MakeMemoryStudyStore();

// Opens (creating the file, its directory and schema if needed) an SQLite store in WAL mode.
// A file whose schema version is newer than this build's is refused with a message saying so; an
// older one is upgraded in place.
Result<std::unique_ptr<StudyStore>> OpenSqliteStudyStore(const std::string& path);

// The schema version this build writes (the table schema_version holds the file's).
inline constexpr int kStudySchemaVersion = 2;

}  // namespace optiscope
