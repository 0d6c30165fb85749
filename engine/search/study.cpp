#include "engine/search/study.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>

#include "engine/core/parallel_for.h"
#include "engine/core/rng.h"
#include "engine/core/str_cat.h"
#include "engine/search/objective_experiment.h"
#include "engine/search/constant_liar.h"
#include "engine/search/study_sampler.h"
#include "engine/search/study_sharing.h"

namespace optiscope {
namespace {

using Clock = std::chrono::steady_clock;

// The space parameters bound to optimizer.lr and regularization.l2.
GradientSamplerOptions GradientDefaults(const StudySpec& spec) {
  GradientSamplerOptions g;
  for (const ParamSpec& p : spec.space.params()) {
    const auto it = spec.experiment.bind.find(p.name);
    const std::string path = it == spec.experiment.bind.end() ? p.name : it->second;
    if (path == "optimizer.lr") g.lr_param = p.name;
    if (path == "regularization.l2") g.l2_param = p.name;
  }
  return g;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", s);
  return buf;
}

}  // namespace

// A trial in flight: its stop source and why it was asked to stop.
struct Study::Running {
  int number = 0;
  std::stop_source stop;
  Clock::time_point deadline = Clock::time_point::max();
  bool pruned = false;
  bool user_stopped = false;
  bool study_stopped = false;
  bool timed_out = false;
  int last_step = 0;
  double last_value = std::nan("");
};

class Study::Context final : public TrialContext {
 public:
  Context(Study& study, std::shared_ptr<Running> run) : study_(study), run_(std::move(run)) {}
  bool Report(int step, double value) override { return study_.Report(*run_, step, value); }
  std::stop_token StopToken() const override { return run_->stop.get_token(); }
  int TrialNumber() const override { return run_->number; }

 private:
  Study& study_;
  std::shared_ptr<Running> run_;
};

Study::Study(StudySpec spec, StudyStore& store, std::shared_ptr<StudyObjective> objective,
             EventSink& sink)
    : spec_(std::move(spec)), store_(store), objective_(std::move(objective)), sink_(sink) {}

Study::~Study() = default;

Result<std::unique_ptr<Study>> Study::Open(StudySpec spec, StudyStore& store,
                                           std::shared_ptr<StudyObjective> objective,
                                           EventSink& sink, const StudyOpenOptions& options) {
  if (objective == nullptr) return Status::InvalidArgument("study " + spec.name + ": no objective");
  if (objective->NumValues() != static_cast<int>(spec.directions.size())) {
    return Status::InvalidArgument("study " + spec.name + ": the objective returns " +
                                   std::to_string(objective->NumValues()) + " value(s) but " +
                                   std::to_string(spec.directions.size()) +
                                   " direction(s) are given");
  }
  // The gradient sampler reads the hypergradients the experiment objective computes.
  std::shared_ptr<HypergradientLog> log = std::make_shared<HypergradientLog>();
  log->SetEnabled(spec.sampler == "gradient");
  const GradientSamplerOptions gradient = GradientDefaults(spec);
  if (auto* experiment = dynamic_cast<ExperimentObjective*>(objective.get())) {
    experiment->SetHypergradientLog(log);
  } else if (spec.sampler == "gradient") {
    return Status::InvalidArgument(
        "sampler gradient: needs an experiment objective (a differentiable model to train)");
  }
  auto sampler = MakeStudySampler(spec.sampler, spec.sampler_options_json, log, gradient);
  if (!sampler.ok()) return sampler.status();
  auto pruner =
      MakeStudyPruner(spec.pruner, nlohmann::json::parse(spec.pruner_options_json), spec.name);
  if (!pruner.ok()) return Status::InvalidArgument("pruner: " + pruner.status().message());
  auto info = store.CreateOrOpenStudy(spec.name, spec.text, spec.directions);
  if (!info.ok()) return info.status();
  if (info->spec_json != spec.text) {
    const std::string changed = SpecDifference(info->spec_json, spec.text);
    if (!changed.empty() && !options.allow_changed_spec) {
      return Status::InvalidArgument("study " + spec.name + ": the stored study has another " +
                                     changed +
                                     "; resume with the stored spec, choose another name, or "
                                     "pass --allow-changed-spec to replace it");
    }
    if (!changed.empty()) OPTISCOPE_RETURN_IF_ERROR(store.UpdateStudySpec(spec.name, spec.text));
  }
  std::unique_ptr<Study> study(new Study(std::move(spec), store, std::move(objective), sink));
  study->worker_ = options.worker_id.empty() ? MakeWorkerId() : options.worker_id;
  OPTISCOPE_RETURN_IF_ERROR(store.RegisterWorker(study->spec_.name, study->worker_));
  // A study someone stopped runs again when a run or worker joins it.
  auto control = store.GetControl(study->spec_.name);
  if (!control.ok()) return control.status();
  if (auto it = control->values.find("state"); it != control->values.end() && it->second == "stopped") {
    OPTISCOPE_RETURN_IF_ERROR(store.SetControl(study->spec_.name, "state", "running"));
  }
  study->space_ = study->spec_.space;
  study->sampler_ = std::move(*sampler);
  study->pruner_ = std::shared_ptr<const Pruner>(std::move(*pruner));
  study->hypergradients_ = log;
  study->gradient_defaults_ = gradient;
  {
    std::lock_guard lock(study->mu_);
    OPTISCOPE_RETURN_IF_ERROR(study->FailStaleLocked(true));
    OPTISCOPE_RETURN_IF_ERROR(study->SyncLocked());
  }
  study->ApplyControl();
  return study;
}

void Study::RebuildFrozenLocked() {
  frozen_.clear();
  frozen_index_.clear();
  for (const TrialRecord& t : trials_) {
    FrozenTrial f = ToFrozenTrial(t, space_);
    if (!space_.Contains(f.params)) continue;
    frozen_index_[t.number] = static_cast<int>(frozen_.size());
    frozen_.push_back(std::move(f));
  }
}

Result<StudySummary> Study::Run(std::stop_token stop) {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
    timed_out_ = false;
    exhausted_ = false;
    started_this_run_ = 0;
  }
  if (Status registered = store_.RegisterWorker(spec_.name, worker_); !registered.ok()) {
    return registered;
  }
  std::stop_callback on_stop(stop, [this] { Stop(); });
  const auto deadline = spec_.timeout_s > 0
                            ? Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(spec_.timeout_s))
                            : Clock::time_point::max();
  // The n_jobs workers are pool tasks (the calling thread runs one: the study progresses even
  // when the pool is busy; at most n_jobs and at most WorkerThreads() trials run at once). The
  // deadline monitor mostly sleeps and must run beside them, so it is the pool's watcher thread.
  // A worker that throws outside the objective (sampler, storage) stops the study and Run
  // returns its message (Internal).
  const int jobs = std::max(1, spec_.n_jobs);
  ParallelForOptions parallel;
  parallel.max_threads = jobs;
  const Status workers = RunWithWatcher(
      [&] {
        return ParallelFor(jobs, parallel, [this](int) {
          Status thrown = CallCatching([this] {
            Worker(std::stop_token{});
            return Status::Ok();
          });
          if (!thrown.ok()) Stop();
          return thrown;
        });
      },
      [this, deadline](std::stop_token token) {
        std::unique_lock lock(mu_);
        auto next_beat = Clock::now();
        while (!token.stop_requested()) {
          if (Clock::now() >= next_beat) {
            // Heartbeat and steering poll: store calls, without the study's lock.
            lock.unlock();
            Beat();
            lock.lock();
            next_beat = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(PollSeconds()));
          }
          const auto now = Clock::now();
          auto next = std::min(deadline, next_beat);
          if (!timed_out_ && now >= deadline) {
            timed_out_ = true;
            cv_.notify_all();
          }
          if (timed_out_) next = next_beat;
          for (auto& [number, run] : running_) {
            if (run->timed_out) continue;
            if (now >= run->deadline) {
              run->timed_out = true;
              run->stop.request_stop();
            } else {
              next = std::min(next, run->deadline);
            }
          }
          // Woken by a new trial (generation_ changes), by the next deadline, or by the end of Run.
          const uint64_t seen = generation_;
          if (next == Clock::time_point::max()) {
            cv_.wait(lock, token, [&] { return generation_ != seen; });
          } else {
            cv_.wait_until(lock, token, next, [&] { return generation_ != seen; });
          }
        }
        return Status::Ok();
      });

  // A clean exit: this worker's trials are all finished, so nobody needs its heartbeat.
  Status ended = store_.EndWorker(spec_.name, worker_);
  std::unique_lock lock(mu_);
  if (storage_error_.ok() && !ended.ok()) storage_error_ = ended;
  if (storage_error_.ok()) {
    Status synced = SyncLocked();
    if (!synced.ok()) storage_error_ = synced;
  }
  StudySummary summary = SummaryLocked();
  Status storage = storage_error_;
  lock.unlock();
  if (storage.ok() && !workers.ok()) storage = workers;
  StudyFinished finished;
  finished.study = spec_.name;
  finished.n_trials = summary.n_trials;
  finished.best_trial = summary.best_trial;
  finished.best_values = summary.best_values;
  finished.reason = storage.ok() ? summary.reason : storage.message();
  sink_.Publish(finished);
  if (!storage.ok()) return storage;
  return summary;
}

void Study::Worker(std::stop_token stop) {
  for (;;) {
    Queued request;
    int number = 0;
    std::shared_ptr<Running> run;
    if (!NextTrial(stop, &request, &number, &run)) return;
    Execute(number, request, std::move(run));
  }
}

bool Study::NextTrial(std::stop_token stop, Queued* next, int* number,
                      std::shared_ptr<Running>* run) {
  std::unique_lock lock(mu_);
  if (!ReserveLocked(lock, stop, next, number)) return false;
  TrialRecord& record = trials_[*number];
  FrozenTrial frozen = ToFrozenTrial(record, space_);
  if (frozen_index_.count(*number) == 0 && space_.Contains(frozen.params)) {
    frozen_index_[*number] = static_cast<int>(frozen_.size());
    frozen_.push_back(std::move(frozen));
  }
  *run = std::make_shared<Running>();
  (*run)->number = *number;
  if (spec_.trial_timeout_s > 0) {
    (*run)->deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(spec_.trial_timeout_s));
  }
  running_[*number] = *run;
  ++started_this_run_;
  ++generation_;
  cv_.notify_all();  // the monitor learns the new deadline
  TrialStarted event;
  event.study = spec_.name;
  event.trial = *number;
  event.params = next->params;
  lock.unlock();  // a sink may steer the study from Publish
  sink_.Publish(std::move(event));
  return true;
}

// Waits while paused, obeys stored steering, then reserves the next trial in the store (a queued
// clone/extend, a re-queued retry, or a new trial within the budget whose parameters it samples).
// Returns false when this worker should end. On true, trials_[*number] holds the trial.
bool Study::ReserveLocked(std::unique_lock<std::mutex>& lock, std::stop_token stop, Queued* next,
                          int* number) {
  const auto fail = [&](Status status) {
    if (storage_error_.ok()) storage_error_ = std::move(status);
    stopping_ = true;
    cv_.notify_all();
    return false;
  };
  for (;;) {
    cv_.wait(lock, stop, [&] { return stopping_ || (!paused_ && !store_paused_); });
    if (stopping_ || stop.stop_requested() || !storage_error_.ok()) return false;
    lock.unlock();
    ApplyControl();
    lock.lock();
    if (stopping_ || store_paused_) continue;
    TrialReservation r;
    r.worker = worker_;
    if (!queue_.empty()) {
      *next = std::move(queue_.front());
      queue_.pop_front();
      r.claim_waiting = false;
      r.params = next->params;
      r.origin = next->origin;
    } else {
      if (timed_out_ || exhausted_) return false;
      if (Status s = FailStaleLocked(false); !s.ok()) return fail(s);
      if (Status s = SyncLocked(); !s.ok()) return fail(s);
      if (sampler_->Exhausted(space_, frozen_)) {
        exhausted_ = true;
        return false;
      }
      r.n_trials = spec_.n_trials;
      next->origin.clear();
      next->extra_epochs = 0;
      next->seed_offset = 0;
    }
    auto reserved = store_.ReserveTrial(spec_.name, r);
    if (!reserved.ok()) return fail(reserved.status());
    if (!reserved->has_value()) {
      // The budget is used. While other workers run trials, one of them may die: its trial then
      // frees budget or is re-queued, so wait and look again.
      if (Status s = SyncLocked(); !s.ok()) return fail(s);
      if (!OthersPendingLocked()) return false;
      cv_.wait_for(lock, stop, std::chrono::duration<double>(PollSeconds()),
                   [&] { return stopping_; });
      if (Status s = FailStaleLocked(true); !s.ok()) return fail(s);
      continue;
    }
    TrialRecord record = std::move(**reserved);
    *number = record.number;
    if (Status s = SyncLocked(); !s.ok()) return fail(s);
    if (r.params.empty() && record.params.empty()) {
      // Each trial's randomness depends only on the seed and its study-wide number. Two workers
      // sampling in the same instant may still reach the same point (a deterministic acquisition
      // optimum): the store refuses the second, which samples again seeing the first as pending.
      constexpr int kAttempts = 4;
      for (int attempt = 0; attempt < kAttempts; ++attempt) {
        Rng rng = Rng(spec_.seed).Fork(static_cast<uint64_t>(record.number));
        if (attempt > 0) rng = rng.Fork(static_cast<uint64_t>(attempt));
        ParamSet params;
        if (SamplerTakesLies(sampler_->Name()) && HasPendingTrials(frozen_)) {
          const std::vector<FrozenTrial> lied = WithConstantLiar(frozen_, spec_.directions);
          params = sampler_->SampleMulti(space_, lied, spec_.directions, rng);
        } else {
          params = sampler_->SampleMulti(space_, frozen_, spec_.directions, rng);
        }
        record.params = space_.ToTrialParams(params);
        if (attempt == kAttempts - 1) {  // a small discrete space may leave no new point
          if (Status s = store_.SetTrialParams(spec_.name, record.number, record.params);
              !s.ok()) {
            return fail(s);
          }
          break;
        }
        auto fresh =
            store_.SetTrialParamsUnlessDuplicate(spec_.name, record.number, record.params);
        if (!fresh.ok()) return fail(fresh.status());
        if (*fresh) break;
        if (Status s = SyncLocked(); !s.ok()) return fail(s);
      }
    }
    next->params = record.params;
    if (!record.origin.empty()) next->origin = record.origin;
    MergeLocked(std::move(record));
    return true;
  }
}

void Study::Execute(int number, const Queued& request, std::shared_ptr<Running> run) {
  Context context(*this, run);
  TrialRequest trial_request;
  trial_request.params = request.params;
  trial_request.extra_epochs = request.extra_epochs;
  trial_request.seed_offset = request.seed_offset;
  const auto start = Clock::now();
  Result<std::vector<double>> result = Status::Internal("the objective did not run");
  try {
    result = objective_->Evaluate(trial_request, context);
  } catch (const std::exception& e) {
    result = Status::Internal(std::string("exception: ") + e.what());
  } catch (...) {
    result = Status::Internal("exception of an unknown type");
  }
  TrialRecord record;
  record.number = number;
  record.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  {
    std::lock_guard lock(mu_);
    if (run->pruned) {
      record.state = TrialState::kPruned;
      record.values = {run->last_value};
      record.reason = "pruned at step " + std::to_string(run->last_step);
    } else if (run->user_stopped) {
      record.state = TrialState::kFailed;
      record.reason = "stopped by the user";
    } else if (run->timed_out) {
      record.state = TrialState::kFailed;
      record.reason = "timeout: ran longer than " + Seconds(spec_.trial_timeout_s) + " s";
    } else if (run->study_stopped) {
      record.state = TrialState::kFailed;
      record.reason = "stopped (the study was stopped)";
      record.uses_budget = false;  // interrupted: the budget gets it back
    } else if (!result.ok()) {
      record.state = TrialState::kFailed;
      record.reason = result.status().message();
    } else if (result->size() != spec_.directions.size()) {
      record.state = TrialState::kFailed;
      record.reason = "the objective returned " + std::to_string(result->size()) +
                      " values, expected " + std::to_string(spec_.directions.size());
    } else {
      record.state = TrialState::kComplete;
      record.values = *result;
      for (double v : record.values) {
        if (!std::isfinite(v)) {
          record.state = TrialState::kFailed;
          record.reason = "the objective returned a non-finite value (diverged)";
        }
      }
    }
  }
  Finish(std::move(record));
}

bool Study::Report(Running& run, int step, double value) {
  Status stored = store_.ReportIntermediate(spec_.name, run.number, step, value);
  bool prune = false;
  {
    std::lock_guard lock(mu_);
    if (!stored.ok() && storage_error_.ok()) storage_error_ = stored;
    run.last_step = step;
    run.last_value = value;
    TrialRecord& record = trials_[run.number];
    record.intermediate.emplace_back(step, value);
    const auto it = frozen_index_.find(run.number);
    if (it != frozen_index_.end()) {
      FrozenTrial& frozen = frozen_[it->second];
      frozen.intermediate[step] = value;
      if (spec_.directions.size() == 1 && std::isfinite(value)) {
        prune = pruner_->ShouldPrune(frozen, frozen_, spec_.directions[0]);
      }
    }
    if (prune) run.pruned = true;
  }
  TrialReport event;
  event.study = spec_.name;
  event.trial = run.number;
  event.step = step;
  event.value = value;
  sink_.Publish(event);
  if (prune) run.stop.request_stop();
  return run.stop.stop_requested();
}

void Study::Finish(TrialRecord record) {
  Status stored = store_.FinishTrial(spec_.name, record);
  TrialFinished event;
  {
    std::lock_guard lock(mu_);
    if (stored.code() == StatusCode::kCancelled) {
      // Another worker took this trial for dead (no heartbeat within the grace): the store keeps
      // its verdict, and so does this process.
      record.state = TrialState::kFailed;
      record.values.clear();
      record.reason = "process ended while running";
      record.uses_budget = false;
    } else if (!stored.ok()) {
      storage_error_ = stored;
      stopping_ = true;
    }
    TrialRecord& t = trials_[record.number];
    t.state = record.state;
    t.values = record.values;
    t.reason = record.reason;
    t.seconds = record.seconds;
    t.uses_budget = record.uses_budget;
    const auto it = frozen_index_.find(record.number);
    if (it != frozen_index_.end()) {
      frozen_[it->second].state = t.state;
      frozen_[it->second].values = t.values;
    }
    running_.erase(record.number);
    event.study = spec_.name;
    event.trial = t.number;
    event.state = TrialStateName(t.state);
    event.reason = t.reason;
    event.values = t.values;
    event.params = t.params;
    event.seconds = t.seconds;
    cv_.notify_all();
  }
  sink_.Publish(std::move(event));
}

StudySummary Study::SummaryLocked() const {
  StudySummary s;
  s.n_trials = static_cast<int>(trials_.size());
  for (const TrialRecord& t : trials_) {
    if (t.state == TrialState::kComplete) ++s.n_complete;
    if (t.state == TrialState::kPruned) ++s.n_pruned;
    if (t.state == TrialState::kFailed) ++s.n_failed;
  }
  if (const TrialRecord* best = BestRecord(trials_, spec_.directions)) {
    s.best_trial = best->number;
    s.best_values = best->values;
  }
  s.pareto_front = ParetoFront(trials_, spec_.directions);
  s.reason = stopping_     ? "stopped"
             : timed_out_  ? "timeout"
             : exhausted_  ? "sampler exhausted"
                           : "budget used";
  return s;
}

StudySummary Study::Summary() const {
  std::lock_guard lock(mu_);
  return SummaryLocked();
}

void Study::Stop() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  for (auto& [number, run] : running_) {
    run->study_stopped = true;
    run->stop.request_stop();
  }
  cv_.notify_all();
}

void Study::Pause() {
  std::lock_guard lock(mu_);
  paused_ = true;
}

void Study::Resume() {
  std::lock_guard lock(mu_);
  paused_ = false;
  cv_.notify_all();
}

Status Study::SetSpace(SearchSpace space) {
  std::lock_guard lock(mu_);
  space_ = std::move(space);
  exhausted_ = false;
  RebuildFrozenLocked();
  return Status::Ok();
}

Status Study::SetSampler(const std::string& name, const std::string& options_json) {
  if (name == "gradient" && spec_.objective_kind != ObjectiveKind::kExperiment) {
    return Status::InvalidArgument("sampler gradient: needs an experiment objective");
  }
  auto sampler = MakeStudySampler(name, options_json, hypergradients_, gradient_defaults_);
  if (!sampler.ok()) return sampler.status();
  hypergradients_->SetEnabled(name == "gradient");
  std::lock_guard lock(mu_);
  sampler_ = std::move(*sampler);
  exhausted_ = false;
  return Status::Ok();
}

Status Study::SetPruner(const std::string& name, const std::string& options_json) {
  const auto options = nlohmann::json::parse(options_json, nullptr, false);
  if (options.is_discarded()) return Status::InvalidArgument("pruner options: not valid JSON");
  auto pruner = MakeStudyPruner(name, options, spec_.name);
  if (!pruner.ok()) return Status::InvalidArgument("pruner: " + pruner.status().message());
  std::lock_guard lock(mu_);
  pruner_ = std::shared_ptr<const Pruner>(std::move(*pruner));
  return Status::Ok();
}

Status Study::StopTrial(int trial) {
  std::lock_guard lock(mu_);
  const auto it = running_.find(trial);
  if (it == running_.end()) {
    return Status::NotFound("trial " + std::to_string(trial) + " is not running");
  }
  it->second->user_stopped = true;
  it->second->stop.request_stop();
  return Status::Ok();
}

Status Study::CloneTrial(int trial) {
  std::lock_guard lock(mu_);
  if (trial < 0 || trial >= static_cast<int>(trials_.size())) {
    return Status::NotFound("no trial " + std::to_string(trial) + " in study " + spec_.name);
  }
  Queued q;
  q.params = trials_[trial].params;
  q.seed_offset = ++clones_[trial];
  q.origin = StrCat({"clone of ", std::to_string(trial), " (seed +", std::to_string(q.seed_offset),
                     ")"});
  queue_.push_back(std::move(q));
  cv_.notify_all();
  return Status::Ok();
}

Status Study::ExtendTrial(int trial, int extra_epochs) {
  std::lock_guard lock(mu_);
  if (trial < 0 || trial >= static_cast<int>(trials_.size())) {
    return Status::NotFound("no trial " + std::to_string(trial) + " in study " + spec_.name);
  }
  if (extra_epochs < 0) return Status::InvalidArgument("extra epochs must be >= 0");
  Queued q;
  q.params = trials_[trial].params;
  q.extra_epochs = extra_epochs;
  q.origin = extra_epochs == 0 ? "clone of " + std::to_string(trial)
                               : "extend of " + std::to_string(trial) + " (+" +
                                     std::to_string(extra_epochs) + " epochs)";
  queue_.push_back(std::move(q));
  cv_.notify_all();
  return Status::Ok();
}

SearchSpace Study::Space() const {
  std::lock_guard lock(mu_);
  return space_;
}

std::vector<TrialRecord> Study::Trials() const {
  std::lock_guard lock(mu_);
  return trials_;
}

}  // namespace optiscope
