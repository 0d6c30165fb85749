// The loss landscape of an optimizer race: the training loss on the plane of the first two
// principal directions of all racers' weight trajectories, with each path projected on it.
#pragma once

#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/events/events.h"
#include "engine/losses/loss.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

struct LandscapeOptions {
  int grid = 31;         // grid points per axis (>= 2)
  double margin = 0.25;  // the grid spans the paths' extent plus this fraction on each side
  int max_rows = 512;    // training rows the loss is evaluated on (the first ones; 0 = all)
  int threads = 2;       // grid rows run on at most this many pool threads (>= 1; budget caps)
};

// One racer's trajectory: its weights at epoch 0 (initial) and after each epoch.
struct WeightTrajectory {
  std::string racer;
  std::vector<std::vector<Scalar>> points;
};

// Li et al. 2018 ("Visualizing the Loss Landscape of Neural Nets", §7): the plane through the
// centre — the LAST point of trajectories[center_index] (the race's winner) — spanned by the top
// two principal directions (TrajectoryPca) of all trajectories' points relative to it. The loss is
// the model's mean data loss (inference mode, no penalty) on the first max_rows rows of (X, y),
// evaluated at θ = centre + a·d1 + b·d2 on a grid × grid lattice covering every projected path.
// Grid rows are evaluated in parallel (ParallelFor); the stop token is checked per row
// (Cancelled); an exception in a row becomes Internal with its message.
// InvalidArgument when there are no points or center_index is out of range.
Result<LossLandscape> ComputeLossLandscape(const DifferentiableModel& model, const Loss& loss,
                                           const Mat& X, const Vec& y,
                                           const std::vector<WeightTrajectory>& trajectories,
                                           int center_index, const LandscapeOptions& options,
                                           std::stop_token stop = {});

}  // namespace optiscope
