// Study: runs a hyperparameter study — an ask/tell loop over a sampler, a pruner and an objective,
// with n_jobs parallel trials, a budget, storage (every finished trial durable at once), events for
// viewers, and steering while it runs (pause, new space, new sampler or pruner, stop/clone/extend a
// trial). Optuna's Study is the model (Akiba et al. 2019, "Optuna: A Next-generation
// Hyperparameter Optimization Framework", KDD).
#pragma once

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

// A study bound to a store, an objective and an event sink (all must outlive it).
// Thread-safety: Run on one thread; every other method from any thread, at any time.
class Study {
 public:
  // Creates the study in `store`, or resumes it (its earlier trials are loaded; trials left
  // running by a dead process are marked failed by the store). Errors: unknown sampler or pruner
  // name, bad options, storage errors.
  static Result<std::unique_ptr<Study>> Open(StudySpec spec, StudyStore& store,
                                             std::shared_ptr<StudyObjective> objective,
                                             EventSink& sink);
  ~Study();

  // Runs trials until the budget is used (spec n_trials counts every trial of the study except
  // those a dead process left running; timeout_s counts this call's wall time), the sampler is
  // exhausted, or `stop` / Stop() is requested (running trials are stopped and recorded failed,
  // "stopped"). Queued clone/extend requests run even when the budget is used. Publishes
  // TrialStarted, TrialReport, TrialFinished per trial and StudyFinished at the end. A failing
  // trial (error, exception, NaN value, timeout) is recorded with its reason and the study goes
  // on. Same spec and seed with n_jobs = 1: the same trials, exactly. Returns an error only for
  // storage failures.
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
  void RebuildFrozenLocked();
  bool BudgetLeftLocked() const;
  StudySummary SummaryLocked() const;
  void Monitor(std::stop_token stop);

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
  std::map<int, uint64_t> clones_;  // clones queued so far, per trial number
  int budget_base_ = 0;                     // trials left running by a dead process
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
