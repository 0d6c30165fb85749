// Race ranking: turns each racer's epoch history into a RaceStanding — best loss, time and epoch
// to reach a common target loss — and orders them, best first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/events/events.h"

namespace optiscope {

// What one racer did (the inputs of the ranking).
struct RacerRecord {
  std::string label;
  std::string type;
  double lr = 0.0;
  bool tuned = false;
  Status status;  // ok, kCancelled or the error that ended it (e.g. kDiverged)
  double seconds = 0.0;
  uint64_t batch_order_hash = 0;
  std::vector<EpochMetrics> history;
};

// Monitored loss of an epoch: the validation loss when `use_validation`, else the train loss.
double MonitoredLoss(const EpochMetrics& e, bool use_validation);

// The default target: the worst (largest) of the racers' best monitored losses, so that every
// racer with a finite best reaches it and the times compare like with like. NaN when no racer has
// a finite loss.
double DefaultTargetLoss(const std::vector<RacerRecord>& racers, bool use_validation);

// Standings ranked by best monitored loss (ascending; ties: fewer seconds to the target, then the
// given order). Racers without a finite best loss (failed before an epoch, or diverged) come last.
// target_loss NaN = DefaultTargetLoss. `status` of the result is RunEnd::kCancelled if any racer was.
RaceFinished RankRacers(const std::vector<RacerRecord>& racers, bool use_validation,
                        double target_loss);

}  // namespace optiscope
