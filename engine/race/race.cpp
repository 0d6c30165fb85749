#include "engine/race/race.h"

#include <algorithm>
#include <set>

#include "engine/core/parallel_for.h"
#include "engine/race/decision_boundary.h"
#include "engine/race/race_problem.h"
#include "engine/race/racer_training.h"
#include "engine/race/standings.h"

namespace optiscope {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;
// Weight trajectories kept for the landscape: at most this many floats in all.
constexpr size_t kMaxTrajectoryFloats = size_t{64} << 20;

uint64_t Fnv(uint64_t hash, std::span<const int> values) {
  for (int v : values) {
    const uint32_t u = static_cast<uint32_t>(v);
    for (int b = 0; b < 4; ++b) {
      hash ^= (u >> (8 * b)) & 0xffu;
      hash *= kFnvPrime;
    }
  }
  return hash;
}

// Records what a racer did during training: the hash (and, for tests, the list) of its batch
// orders, its weights after every epoch (when kept for the landscape), and publishes its decision
// boundary at epoch 0 (PublishBoundary), every `every` epochs and at the last.
class RacerRecorder final : public TrainingCallback {
 public:
  RacerRecorder(RacerOutcome& racer, bool record_orders, WeightTrajectory* path)
      : racer_(racer), record_orders_(record_orders), path_(path) {
    racer_.batch_order_hash = kFnvOffset;
  }

  void PublishBoundaries(const DifferentiableModel& model, const Mat& X, int grid, int every,
                         int epochs, EventSink& sink) {
    model_ = &model;
    window_ = BoundaryWindow(X, grid);
    ws_ = model.MakeWorkspace(512);
    every_ = every;
    epochs_ = epochs;
    sink_ = &sink;
  }

  void PublishBoundary(int epoch, std::span<const Scalar> params) {
    DecisionBoundary b = window_;
    b.racer = racer_.spec.label;
    b.epoch = epoch;
    EvaluateBoundary(*model_, params, *ws_, &b);
    sink_->Publish(std::move(b));
  }

  Decision OnBatchOrder(int, std::span<const int> order) override {
    racer_.batch_order_hash = Fnv(racer_.batch_order_hash, order);
    if (record_orders_) racer_.batch_orders.emplace_back(order.begin(), order.end());
    return Decision::kContinue;
  }

  Decision OnEpochEnd(const EpochView& view) override {
    if (path_ != nullptr) path_->points.emplace_back(view.params.begin(), view.params.end());
    if (sink_ != nullptr && (view.epoch % every_ == 0 || view.epoch == epochs_)) {
      PublishBoundary(view.epoch, view.params);
    }
    return Decision::kContinue;
  }

 private:
  RacerOutcome& racer_;
  bool record_orders_;
  WeightTrajectory* path_;
  const DifferentiableModel* model_ = nullptr;  // boundaries: set by PublishBoundaries
  DecisionBoundary window_;
  std::unique_ptr<ModelWorkspace> ws_;
  int every_ = 1;
  int epochs_ = 0;
  EventSink* sink_ = nullptr;
};

// The ranking's inputs: what each racer did (`tuned`: its lr was picked by TuneLearningRate).
std::vector<RacerRecord> RecordsOf(const std::vector<RacerOutcome>& racers, bool tuned) {
  std::vector<RacerRecord> records;
  for (const RacerOutcome& r : racers) {
    RacerRecord rec;
    rec.label = r.spec.label;
    rec.type = EnumName(r.spec.optimizer.type);
    rec.lr = r.spec.optimizer.lr;
    rec.tuned = tuned;
    rec.status = r.outcome.status;
    rec.seconds = r.outcome.seconds;
    rec.batch_order_hash = r.batch_order_hash;
    rec.history = r.outcome.history;
    records.push_back(std::move(rec));
  }
  return records;
}

// Racer labels are unique and every racer fits the configuration.
Status CheckRacers(const ExperimentConfig& config, const RaceOptions& options) {
  if (options.racers.empty()) return Status::InvalidArgument("race: no optimizers to race");
  std::set<std::string> labels;
  for (const RacerSpec& r : options.racers) {
    if (!labels.insert(r.label).second) {
      return Status::InvalidArgument("race: two racers are labelled '" + r.label + "'");
    }
    OPTISCOPE_RETURN_IF_ERROR(CheckRacer(config, r.label, r.optimizer));
  }
  return Status::Ok();
}

// Picks each racer's learning rate (TuneLearningRate) before the race, side by side.
Status TuneRacers(const RaceProblem& problem, const ExperimentConfig& config,
                  const RaceOptions& options, const ParallelForOptions& parallel, EventSink& sink,
                  std::stop_token stop, RaceResult* result) {
  sink.Publish(LogLine{LogLine::Level::kInfo,
                       "tuning each optimizer's learning rate (" +
                           std::to_string(std::max(1, options.tuning.trials)) + " tries each)"});
  const int n = static_cast<int>(result->racers.size());
  return ParallelFor(n, parallel, [&](int i) {
    RacerOutcome& r = result->racers[i];
    r.tuning =
        TuneLearningRate(problem, config, r.spec.label, r.spec.optimizer, options.tuning, stop);
    r.spec.optimizer.lr = r.tuning.chosen_lr;
    sink.Publish(r.tuning);
  });
}

// True when the race's data can be drawn in the plane (2-feature classification).
bool IsTwoDimensional(const RaceProblem& problem) {
  return problem.task == TaskKind::kClassification && problem.train.NumFeatures() == 2 &&
         problem.train.NumRows() > 0;
}

// The RaceStarted event: racers, epochs, a description and, for 2-D data, the training points.
RaceStarted MakeRaceStarted(const RaceProblem& problem, const RaceResult& result, int epochs) {
  const int n = static_cast<int>(result.racers.size());
  RaceStarted started;
  for (const RacerOutcome& r : result.racers) started.racers.push_back(r.spec.label);
  started.total_epochs = epochs;
  started.description =
      problem.description + ", " + std::to_string(n) + (n == 1 ? " optimizer" : " optimizers");
  started.metric_name = problem.task == TaskKind::kClassification ? "accuracy" : "rmse";
  if (IsTwoDimensional(problem)) {
    started.num_classes = problem.num_classes;
    for (int i = 0; i < problem.train.NumRows(); ++i) {
      started.points_xy.push_back(problem.train.X(i, 0));
      started.points_xy.push_back(problem.train.X(i, 1));
      started.point_labels.push_back(static_cast<int>(problem.train.y[i]));
    }
  }
  return started;
}

// Whether the weight trajectories for the loss landscape are kept: asked for and within
// kMaxTrajectoryFloats (a warning says why not otherwise).
bool KeepTrajectories(const RaceProblem& problem, const RaceOptions& options, int epochs, int n,
                      EventSink& sink) {
  if (!options.landscape) return false;
  const size_t trajectory_floats =
      static_cast<size_t>(problem.model->NumParameters()) * (epochs + 1) * n;
  if (trajectory_floats <= kMaxTrajectoryFloats) return true;
  sink.Publish(LogLine{LogLine::Level::kWarning,
                       "loss landscape skipped: the weight trajectories would need " +
                           std::to_string(trajectory_floats * 4 >> 20) + " MB"});
  return false;
}

// The loss landscape around the winner's final weights, with every racer's path drawn on it;
// published, and kept in *result. A failure other than cancellation is a warning.
void PublishLandscape(const RaceProblem& problem, const RaceOptions& options,
                      const std::vector<WeightTrajectory>& trajectories, EventSink& sink,
                      std::stop_token stop, RaceResult* result) {
  int center = 0;
  for (size_t i = 0; i < result->racers.size(); ++i) {
    if (result->racers[i].spec.label == result->finished.standings.front().optimizer) {
      center = static_cast<int>(i);
    }
  }
  // A racer that failed mid-epoch may have fewer points; all are used as recorded.
  sink.Publish(LogLine{LogLine::Level::kInfo, "computing the loss landscape"});
  auto landscape =
      ComputeLossLandscape(*problem.model, *problem.loss, problem.train.X, problem.train.y,
                           trajectories, center, options.landscape_options, stop);
  if (landscape.ok()) {
    result->has_landscape = true;
    result->landscape = *landscape;
    sink.Publish(*landscape);
  } else if (landscape.status().code() != StatusCode::kCancelled) {
    sink.Publish(
        LogLine{LogLine::Level::kWarning, "loss landscape: " + landscape.status().message()});
  }
}

}  // namespace

Result<RaceResult> RunRace(const ExperimentConfig& config, const RaceOptions& options,
                           EventSink& sink, std::stop_token stop, bool record_batch_orders) {
  OPTISCOPE_RETURN_IF_ERROR(CheckRacers(config, options));
  auto prepared = PrepareRaceProblem(config);
  if (!prepared.ok()) return prepared.status();
  const RaceProblem& problem = *prepared;
  const int n = static_cast<int>(options.racers.size());
  // Racers train side by side on the pool (each racer's result depends on its spec only).
  ParallelForOptions parallel;
  parallel.max_threads = options.threads <= 0 ? n : options.threads;
  const int epochs = config.training.epochs;

  RaceResult result;
  result.task = problem.task;
  result.racers.resize(n);
  for (int i = 0; i < n; ++i) {
    result.racers[i].spec = options.racers[i];
    result.racers[i].initial_params = problem.initial_params;
  }
  if (options.tune_each) {
    OPTISCOPE_RETURN_IF_ERROR(TuneRacers(problem, config, options, parallel, sink, stop, &result));
  }
  const bool boundaries = IsTwoDimensional(problem) && options.boundary_every > 0;
  sink.Publish(MakeRaceStarted(problem, result, epochs));
  const bool keep_trajectories = KeepTrajectories(problem, options, epochs, n, sink);
  std::vector<WeightTrajectory> trajectories(n);

  OPTISCOPE_RETURN_IF_ERROR(ParallelFor(n, parallel, [&](int i) {
    RacerOutcome& r = result.racers[i];
    WeightTrajectory& path = trajectories[i];
    path.racer = r.spec.label;
    if (keep_trajectories) path.points.push_back(problem.initial_params);
    RacerRecorder recorder(r, record_batch_orders, keep_trajectories ? &path : nullptr);
    if (boundaries) {
      recorder.PublishBoundaries(*problem.model, problem.train.X, options.boundary_grid,
                                 options.boundary_every, epochs, sink);
      recorder.PublishBoundary(0, problem.initial_params);
    }
    TrainingCallback* const callbacks[] = {&recorder};
    r.outcome = TrainRacer(problem, config, r.spec.label, r.spec.optimizer, epochs, sink, stop,
                           callbacks, &r.final_params);
  }));

  const std::vector<RacerRecord> records = RecordsOf(result.racers, options.tune_each);
  const bool use_validation = problem.validation.NumRows() > 0;
  result.finished = RankRacers(records, use_validation, options.target_loss);
  if (stop.stop_requested()) result.finished.status = RunEnd::kCancelled;
  sink.Publish(result.finished);

  if (keep_trajectories && !stop.stop_requested() && !result.finished.standings.empty()) {
    PublishLandscape(problem, options, trajectories, sink, stop, &result);
  }
  return result;
}

}  // namespace optiscope
