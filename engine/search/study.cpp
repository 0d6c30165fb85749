#include "engine/search/study.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>

#include "engine/core/parallel_for.h"
#include "engine/core/rng.h"
#include "engine/search/objective_experiment.h"
#include "engine/search/study_sampler.h"

namespace optiscope {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kProcessEnded = "process ended while running";

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
                                           EventSink& sink) {
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
  auto trials = store.Trials(spec.name);
  if (!trials.ok()) return trials.status();
  std::unique_ptr<Study> study(new Study(std::move(spec), store, std::move(objective), sink));
  study->space_ = study->spec_.space;
  study->sampler_ = std::move(*sampler);
  study->pruner_ = std::shared_ptr<const Pruner>(std::move(*pruner));
  study->hypergradients_ = log;
  study->gradient_defaults_ = gradient;
  study->trials_ = *std::move(trials);
  for (const TrialRecord& t : study->trials_) {
    if (t.state == TrialState::kFailed && t.reason == kProcessEnded) ++study->budget_base_;
  }
  study->RebuildFrozenLocked();
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

bool Study::BudgetLeftLocked() const {
  if (spec_.n_trials <= 0) return true;
  return static_cast<int>(trials_.size()) - budget_base_ < spec_.n_trials;
}

Result<StudySummary> Study::Run(std::stop_token stop) {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
    timed_out_ = false;
    exhausted_ = false;
    started_this_run_ = 0;
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
        while (!token.stop_requested()) {
          const auto now = Clock::now();
          auto next = deadline;
          if (!timed_out_ && now >= deadline) {
            timed_out_ = true;
            cv_.notify_all();
          }
          if (timed_out_) next = Clock::time_point::max();
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

  std::unique_lock lock(mu_);
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
  cv_.wait(lock, stop, [&] { return stopping_ || !paused_; });
  if (stopping_ || stop.stop_requested() || !storage_error_.ok()) return false;
  if (!queue_.empty()) {
    *next = std::move(queue_.front());
    queue_.pop_front();
  } else {
    if (timed_out_ || exhausted_ || !BudgetLeftLocked()) return false;
    if (sampler_->Exhausted(space_, frozen_)) {
      exhausted_ = true;
      return false;
    }
    // Each trial's randomness depends only on the seed and the trial number.
    Rng rng = Rng(spec_.seed).Fork(static_cast<uint64_t>(trials_.size()));
    const ParamSet params = sampler_->SampleMulti(space_, frozen_, spec_.directions, rng);
    next->params = space_.ToTrialParams(params);
    next->origin.clear();
    next->extra_epochs = 0;
    next->seed_offset = 0;
  }
  auto started = store_.StartTrial(spec_.name, next->params, next->origin);
  if (!started.ok()) {
    storage_error_ = started.status();
    stopping_ = true;
    cv_.notify_all();
    return false;
  }
  *number = *started;
  TrialRecord record;
  record.number = *number;
  record.params = next->params;
  record.origin = next->origin;
  trials_.resize(std::max<size_t>(trials_.size(), *number + 1));
  trials_[*number] = record;
  FrozenTrial frozen = ToFrozenTrial(record, space_);
  if (space_.Contains(frozen.params)) {
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
    if (!stored.ok()) {
      storage_error_ = stored;
      stopping_ = true;
    }
    TrialRecord& t = trials_[record.number];
    t.state = record.state;
    t.values = record.values;
    t.reason = record.reason;
    t.seconds = record.seconds;
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
  q.origin = "clone of " + std::to_string(trial) + " (seed +" + std::to_string(q.seed_offset) + ")";
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
