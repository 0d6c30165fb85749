#include "engine/race/standings.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/train/train_outcome.h"
#include "engine/core/types.h"

namespace optiscope {

double MonitoredLoss(const EpochMetrics& e, bool use_validation) {
  return use_validation ? e.val_loss : e.train_loss;
}

double DefaultTargetLoss(const std::vector<RacerRecord>& racers, bool use_validation) {
  double worst = kNaN;
  for (const RacerRecord& r : racers) {
    double best = std::numeric_limits<double>::infinity();
    for (const EpochMetrics& e : r.history) {
      const double v = MonitoredLoss(e, use_validation);
      if (std::isfinite(v)) best = std::min(best, v);
    }
    if (!std::isfinite(best)) continue;
    if (!(worst >= best)) worst = std::isnan(worst) ? best : std::max(worst, best);
  }
  return worst;
}

RaceFinished RankRacers(const std::vector<RacerRecord>& racers, bool use_validation,
                        double target_loss) {
  RaceFinished finished;
  finished.monitored = use_validation ? "validation" : "train";
  finished.target_loss =
      std::isnan(target_loss) ? DefaultTargetLoss(racers, use_validation) : target_loss;
  for (const RacerRecord& r : racers) {
    RaceStanding s;
    s.optimizer = r.label;
    s.type = r.type;
    s.lr = r.lr;
    s.tuned = r.tuned;
    s.status = RunEndOf(r.status);
    s.reason = r.status.message();
    s.seconds = r.seconds;
    s.batch_order_hash = r.batch_order_hash;
    s.epochs_run = static_cast<int>(r.history.size());
    s.best_val_loss = kNaN;
    s.final_train_loss = s.final_val_loss = s.final_val_metric = kNaN;
    s.target_seconds = kNaN;
    for (const EpochMetrics& e : r.history) {
      const double v = MonitoredLoss(e, use_validation);
      if (std::isfinite(v) && !(v >= s.best_val_loss)) {
        s.best_val_loss = v;
        s.best_epoch = e.epoch;
      }
      if (s.target_epoch == 0 && std::isfinite(v) && v <= finished.target_loss) {
        s.target_epoch = e.epoch;
        s.target_seconds = e.elapsed_seconds;
      }
    }
    if (!r.history.empty()) {
      s.final_train_loss = r.history.back().train_loss;
      s.final_val_loss = r.history.back().val_loss;
      s.final_val_metric = r.history.back().val_metric;
    }
    if (r.status.code() == StatusCode::kCancelled) finished.status = RunEnd::kCancelled;
    finished.standings.push_back(std::move(s));
  }
  std::vector<size_t> order(finished.standings.size());
  std::iota(order.begin(), order.end(), 0);
  const auto& st = finished.standings;
  auto finite = [&](size_t i) {
    const StatusCode code = racers[i].status.code();
    return std::isfinite(st[i].best_val_loss) &&
           (code == StatusCode::kOk || code == StatusCode::kCancelled);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool fa = finite(a);
    const bool fb = finite(b);
    if (fa != fb) return fa;
    if (!fa) return false;
    if (st[a].best_val_loss != st[b].best_val_loss)
      return st[a].best_val_loss < st[b].best_val_loss;
    const double ta = std::isfinite(st[a].target_seconds) ? st[a].target_seconds : 1e300;
    const double tb = std::isfinite(st[b].target_seconds) ? st[b].target_seconds : 1e300;
    return ta < tb;
  });
  std::vector<RaceStanding> ranked;
  for (size_t i = 0; i < order.size(); ++i) {
    ranked.push_back(st[order[i]]);
    ranked.back().rank = static_cast<int>(i) + 1;
  }
  finished.standings = std::move(ranked);
  return finished;
}

}  // namespace optiscope
