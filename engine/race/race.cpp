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

}  // namespace

Result<RaceResult> RunRace(const ExperimentConfig& config, const RaceOptions& options,
                           EventSink& sink, std::stop_token stop, bool record_batch_orders) {
  if (options.racers.empty()) return Status::InvalidArgument("race: no optimizers to race");
  std::set<std::string> labels;
  for (const RacerSpec& r : options.racers) {
    if (!labels.insert(r.label).second) {
      return Status::InvalidArgument("race: two racers are labelled '" + r.label + "'");
    }
    OPTISCOPE_RETURN_IF_ERROR(CheckRacer(config, r.label, r.optimizer));
  }
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
    sink.Publish(LogLine{LogLine::Level::kInfo,
                         "tuning each optimizer's learning rate (" +
                             std::to_string(std::max(1, options.tuning.trials)) + " tries each)"});
    OPTISCOPE_RETURN_IF_ERROR(ParallelFor(n, parallel, [&](int i) {
      RacerOutcome& r = result.racers[i];
      r.tuning =
          TuneLearningRate(problem, config, r.spec.label, r.spec.optimizer, options.tuning, stop);
      r.spec.optimizer.lr = r.tuning.chosen_lr;
      sink.Publish(r.tuning);
    }));
  }

  const bool two_d = problem.task == TaskKind::kClassification &&
                     problem.train.NumFeatures() == 2 && problem.train.NumRows() > 0;
  const bool boundaries = two_d && options.boundary_every > 0;
  RaceStarted started;
  for (const RacerOutcome& r : result.racers) started.racers.push_back(r.spec.label);
  started.total_epochs = epochs;
  started.description =
      problem.description + ", " + std::to_string(n) + (n == 1 ? " optimizer" : " optimizers");
  started.metric_name = problem.task == TaskKind::kClassification ? "accuracy" : "rmse";
  if (two_d) {
    started.num_classes = problem.num_classes;
    for (int i = 0; i < problem.train.NumRows(); ++i) {
      started.points_xy.push_back(problem.train.X(i, 0));
      started.points_xy.push_back(problem.train.X(i, 1));
      started.point_labels.push_back(static_cast<int>(problem.train.y[i]));
    }
  }
  sink.Publish(std::move(started));

  const size_t trajectory_floats =
      static_cast<size_t>(problem.model->NumParameters()) * (epochs + 1) * n;
  bool keep_trajectories = options.landscape;
  if (keep_trajectories && trajectory_floats > kMaxTrajectoryFloats) {
    keep_trajectories = false;
    sink.Publish(LogLine{LogLine::Level::kWarning,
                         "loss landscape skipped: the weight trajectories would need " +
                             std::to_string(trajectory_floats * 4 >> 20) + " MB"});
  }
  std::vector<WeightTrajectory> trajectories(n);

  OPTISCOPE_RETURN_IF_ERROR(ParallelFor(n, parallel, [&](int i) {
    RacerOutcome& r = result.racers[i];
    WeightTrajectory& path = trajectories[i];
    path.racer = r.spec.label;
    if (keep_trajectories) path.points.push_back(problem.initial_params);
    DecisionBoundary window;
    std::unique_ptr<ModelWorkspace> ws;
    auto publish_boundary = [&](int epoch, std::span<const Scalar> params) {
      DecisionBoundary b = window;
      b.racer = r.spec.label;
      b.epoch = epoch;
      EvaluateBoundary(*problem.model, params, *ws, &b);
      sink.Publish(std::move(b));
    };
    if (boundaries) {
      window = BoundaryWindow(problem.train.X, options.boundary_grid);
      ws = problem.model->MakeWorkspace(512);
      publish_boundary(0, problem.initial_params);
    }
    TrainerOptions hooks;
    r.batch_order_hash = kFnvOffset;
    hooks.on_batch_order = [&](int, std::span<const int> order) {
      r.batch_order_hash = Fnv(r.batch_order_hash, order);
      if (record_batch_orders) r.batch_orders.emplace_back(order.begin(), order.end());
    };
    hooks.on_epoch_end = [&](int epoch, std::span<const Scalar> params) {
      if (keep_trajectories) path.points.emplace_back(params.begin(), params.end());
      if (boundaries && (epoch % options.boundary_every == 0 || epoch == epochs)) {
        publish_boundary(epoch, params);
      }
    };
    r.outcome = TrainRacer(problem, config, r.spec.label, r.spec.optimizer, epochs, sink, stop,
                           std::move(hooks), &r.final_params);
  }));

  std::vector<RacerRecord> records;
  for (const RacerOutcome& r : result.racers) {
    RacerRecord rec;
    rec.label = r.spec.label;
    rec.type = r.spec.optimizer.type;
    rec.lr = r.spec.optimizer.lr;
    rec.tuned = options.tune_each;
    rec.status = r.outcome.status;
    rec.reason = r.outcome.reason;
    rec.seconds = r.outcome.seconds;
    rec.batch_order_hash = r.batch_order_hash;
    rec.history = r.outcome.history;
    records.push_back(std::move(rec));
  }
  const bool use_validation = problem.validation.NumRows() > 0;
  result.finished = RankRacers(records, use_validation, options.target_loss);
  if (stop.stop_requested()) result.finished.status = "cancelled";
  sink.Publish(result.finished);

  if (keep_trajectories && !stop.stop_requested() && !result.finished.standings.empty()) {
    int center = 0;
    for (int i = 0; i < n; ++i) {
      if (result.racers[i].spec.label == result.finished.standings.front().optimizer) center = i;
    }
    // A racer that failed mid-epoch may have fewer points; all are used as recorded.
    sink.Publish(LogLine{LogLine::Level::kInfo, "computing the loss landscape"});
    auto landscape =
        ComputeLossLandscape(*problem.model, *problem.loss, problem.train.X, problem.train.y,
                             trajectories, center, options.landscape_options, stop);
    if (landscape.ok()) {
      result.has_landscape = true;
      result.landscape = *landscape;
      sink.Publish(*landscape);
    } else if (landscape.status().code() != StatusCode::kCancelled) {
      sink.Publish(
          LogLine{LogLine::Level::kWarning, "loss landscape: " + landscape.status().message()});
    }
  }
  return result;
}

}  // namespace optiscope
