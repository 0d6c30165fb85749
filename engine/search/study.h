// Study: runs a hyperparameter study — an ask/tell loop over a sampler, a pruner and an objective,
// with n_jobs parallel trials, a budget, storage (every finished trial durable at once), events for
// viewers, and steering while it runs (pause, new space, new sampler or pruner, stop/clone/extend a
// trial). Optuna's Study is the model (Akiba et al. 2019, "Optuna: A Next-generation
// Hyperparameter Optimization Framework", KDD).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/events/events.h"
#include "engine/search/objective.h"
#include "engine/search/pruner.h"
#include "engine/search/gradient_sampler.h"
#include "engine/search/sampler.h"
#include "engine/search/storage.h"
#include "engine/search/study_spec.h"

namespace optiscope {

// What Run returns.
struct StudySummary {
  int n_trials = 0;      // trials in the study (all states, this run and earlier ones)
  int n_complete = 0;
  int n_pruned = 0;
  int n_failed = 0;
  int best_trial = -1;   // best complete trial by the first objective; -1: none
  std::vector<double> best_values;
  std::vector<int> pareto_front;  // trial numbers (multi-objective; one objective: the best)
  std::string reason;    // "budget used", "timeout", "stopped", "sampler exhausted"
};

// How Study::Open joins a stored study.
struct StudyOpenOptions {
  // Resume even when the stored spec differs in its space, objective or directions; the stored
  // spec is then replaced by this one. Without it such a resume is refused (InvalidArgument).
  bool allow_changed_spec = false;
  // This process's worker id in the store; "" = MakeWorkerId() (host:pid:random).
  std::string worker_id;
};

// A study bound to a store, an objective and an event sink (all must outlive it).
// Thread-safety: Run on one thread; every other method from any thread, at any time.
class Study {
 public:
  // Creates the study in `store`, or joins it (its trials, including other processes' running
  // ones, are loaded; trials whose process died are failed and, with spec retry_failed, re-queued;
  // a study left "stopped" by `study stop` is set running again). Errors: unknown sampler or
  // pruner name, bad options, a changed spec (see StudyOpenOptions), storage errors.
  static Result<std::unique_ptr<Study>> Open(StudySpec spec, StudyStore& store,
                                             std::shared_ptr<StudyObjective> objective,
                                             EventSink& sink, const StudyOpenOptions& options = {});
  ~Study();

  // Runs trials until the budget is used (spec n_trials counts the study's trials in every
  // process, reserved atomically in the store, except interrupted ones and those a dead process
  // left running; timeout_s counts this call's wall time), the sampler is exhausted, or `stop` /
  // Stop() / a stored "stopped" state is requested (running trials are stopped and recorded
  // failed, "stopped", without using budget). While other workers still run trials of a used
  // budget it waits for them (one of them may die and free or re-queue its trial). Queued
  // clone/extend requests run even when the budget is used. Heartbeats and stored steering
  // (pause, space, sampler, pruner, stop, stop trial) are polled about once a second. Publishes
  // TrialStarted, TrialReport, TrialFinished for this process's trials and StudyFinished at the
  // end. A failing trial (error, exception, NaN value, timeout) is recorded with its reason and
  // the study goes on. Each trial's random stream is the seed forked by its study-wide number,
  // so workers never share one; model-based samplers see other running trials as constant lies
  // (constant_liar.h). Same spec and seed with n_jobs = 1 and one process: the same trials,
  // exactly. Returns an error only for storage failures.
  Result<StudySummary> Run(std::stop_token stop = {});

  // ---- Steering (thread-safe; effective between trials) ----
  void Stop();
  // No new trial starts while paused; running trials go on.
  void Pause();
  void Resume();
  // Replaces the search space. Earlier trials outside it stay in the study but are not given to
  // the sampler or pruner.
  Status SetSpace(SearchSpace space);
  // Switches the sampler (name and JSON options as in the spec) or the pruner.
  Status SetSampler(const std::string& name, const std::string& options_json = "{}");
  Status SetPruner(const std::string& name, const std::string& options_json = "{}");
  // Stops one running trial (recorded failed, "stopped by the user"). NotFound if not running.
  Status StopTrial(int trial);
  // Queues a new trial with the parameters of `trial` evaluated with the next seed (its k-th clone
  // adds k to the objective's seeds; origin "clone of N (seed +k)"), to check a lucky result.
  Status CloneTrial(int trial);
  // Queues a new trial with the parameters of `trial` trained `extra_epochs` more epochs
  // (origin "extend of N (+E epochs)"; experiment objectives only use it).
  Status ExtendTrial(int trial, int extra_epochs);

  // ---- Snapshots ----
  const StudySpec& spec() const { return spec_; }
  // This process's worker id in the store.
  const std::string& worker_id() const { return worker_; }
  SearchSpace Space() const;
  std::vector<TrialRecord> Trials() const;
  StudySummary Summary() const;

 private:
  struct Running;
  struct Queued {
    std::vector<TrialParam> params;
    std::string origin;
    int extra_epochs = 0;
    uint64_t seed_offset = 0;  // clones: TrialRequest::seed_offset
  };
  class Context;

  Study(StudySpec spec, StudyStore& store, std::shared_ptr<StudyObjective> objective,
        EventSink& sink);
  void Worker(std::stop_token stop);
  bool NextTrial(std::stop_token stop, Queued* next, int* number, std::shared_ptr<Running>* run);
  void Execute(int number, const Queued& request, std::shared_ptr<Running> run);
  bool Report(Running& run, int step, double value);
  void Finish(TrialRecord record);
  bool ReserveLocked(std::unique_lock<std::mutex>& lock, std::stop_token stop, Queued* next,
                     int* number);
  void RebuildFrozenLocked();
  StudySummary SummaryLocked() const;
  // ---- Sharing the study through the store (study_sharing.cpp) ----
  // Brings trials_ / frozen_ up to date with the store (ChangesSince).
  Status SyncLocked();
  void MergeLocked(TrialRecord record);
  // Applies stored steering records that changed (call without mu_ held).
  void ApplyControl();
  // Fails trials of dead workers (and re-queues retries); at most once per `period` unless forced.
  Status FailStaleLocked(bool force);
  // True when a trial of another worker is running or waiting.
  bool OthersPendingLocked() const;
  // Heartbeat + steering poll, from the monitor (call without mu_ held).
  void Beat();
  double PollSeconds() const;

  StudySpec spec_;
  StudyStore& store_;
  std::shared_ptr<StudyObjective> objective_;
  EventSink& sink_;

  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  SearchSpace space_;
  std::unique_ptr<Sampler> sampler_;
  std::shared_ptr<const Pruner> pruner_;
  std::vector<TrialRecord> trials_;         // every trial, by number
  std::vector<FrozenTrial> frozen_;         // trials in space_, the sampler's history
  std::map<int, int> frozen_index_;         // trial number -> index in frozen_
  std::map<int, std::shared_ptr<Running>> running_;
  std::deque<Queued> queue_;
  std::string worker_;                      // this process's id in the store
  int64_t seen_version_ = 0;                // ChangesSince cursor
  int64_t control_version_ = 0;             // steering records applied up to this version
  bool store_paused_ = false;               // "state": "paused" in the store
  std::map<std::string, std::string> applied_control_;  // steering records as last applied
  std::chrono::steady_clock::time_point next_stale_check_{};
  std::map<int, uint64_t> clones_;  // clones queued so far, per trial number
  int started_this_run_ = 0;
  uint64_t generation_ = 0;                 // counts trial starts (wakes the deadline monitor)
  bool paused_ = false;
  bool stopping_ = false;
  bool timed_out_ = false;
  bool exhausted_ = false;
  Status storage_error_;
  std::shared_ptr<HypergradientLog> hypergradients_;  // for the "gradient" sampler
  GradientSamplerOptions gradient_defaults_;
};

}  // namespace optiscope
