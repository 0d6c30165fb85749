// Events of the optimizer race (engine/race). Epoch curves travel as EpochMetrics whose run_id
// names the racer; the kinds below carry what only a race has (tuning, landscape, 2-D views).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/events/event_list.h"
#include "engine/events/run_end.h"

namespace optiscope {

// A race began. Racers are listed in their colour order (the order the user gave them).
struct RaceStarted {
  std::vector<std::string> racers;  // labels (= the run_id of their EpochMetrics)
  int total_epochs = 0;
  std::string description;  // e.g. "moons: mlp 2-16-16-2 relu, 4 optimizers"
  std::string metric_name;  // "accuracy" or "rmse"
  // Two-feature classification only (else empty): the training points after preprocessing, as
  // x0 y0 x1 y1 ..., and their class ids, for the decision-boundary view.
  std::vector<float> points_xy;
  std::vector<int> point_labels;
  int num_classes = 0;
};

// "Tune each": the learning rates one racer tried (same budget for every racer) and its pick.
struct RacerTuned {
  std::string racer;
  std::vector<double> lrs;     // tried, ascending
  std::vector<double> losses;  // best validation (or train) loss of each try; NaN = diverged
  double chosen_lr = 0.0;
  int epochs_per_try = 0;
};

// A racer's model evaluated on a grid over the 2-D input plane (row-major, row 0 at y_min,
// column 0 at x_min; cell centres at x_min + (i + 0.5)·(x_max − x_min)/nx). epoch 0 = initial.
struct DecisionBoundary {
  std::string racer;
  int epoch = 0;
  int nx = 0, ny = 0;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  std::vector<int> labels;        // arg-max class per cell
  std::vector<float> confidence;  // its softmax probability per cell
  int num_classes = 0;
};

// One racer's weight trajectory projected on the landscape plane: a0 b0 a1 b1 ... for the initial
// weights (index 0) and after each epoch.
struct LandscapePath {
  std::string racer;
  std::vector<float> ab;
};

// The training loss on the plane θ = center + a·d1 + b·d2 spanned by the first two principal
// directions of all racers' weight trajectories (Li et al. 2018, §7), sampled on an nx × ny grid
// of grid points (row-major, row 0 at b_min, column 0 at a_min; point (i, j) at
// a_min + i·(a_max − a_min)/(nx − 1)).
struct LossLandscape {
  int nx = 0, ny = 0;
  double a_min = 0, a_max = 1, b_min = 0, b_max = 1;
  std::vector<float> loss;  // NaN where the loss is not finite
  std::vector<LandscapePath> paths;
  double explained[2] = {0, 0};  // fraction of the trajectories' squared deviation per direction
  std::string center;            // which point is the origin, e.g. "final weights of adam"
  int rows_used = 0;             // training rows the loss was evaluated on
};

// A 2-D test function sampled for drawing (row-major, row 0 at y_min; grid points as above).
struct TestFunctionSurface {
  std::string function;
  int nx = 0, ny = 0;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  std::vector<float> values;
  std::vector<float> minima_xy;  // known global minima x0 y0 x1 y1 ...
};

// The next points of one optimizer's path on a test function (first_step 0 = the start point).
struct TestFunctionPath {
  std::string function;
  std::string racer;
  int first_step = 0;
  std::vector<float> xy;      // x y per step
  std::vector<float> values;  // f per step
  bool done = false;          // the path is complete (last chunk)
  RunEnd status = RunEnd::kOk;  // kOk or kDiverged (left the domain by far / non-finite)
};

// The race ended; one standing per optimizer, best first.
struct RaceStanding {
  int rank = 0;           // 1 = best
  std::string optimizer;  // label, e.g. "adam" or "adam:lr=0.01"
  std::string type;       // the update rule, e.g. "adam"
  double lr = 0.0;        // the learning rate raced with (tuned when tuned)
  bool tuned = false;
  RunEnd status = RunEnd::kOk;  // kOk | kCancelled | kFailed
  std::string reason;
  double best_val_loss = 0.0;  // best monitored loss (validation, else train); NaN if none
  int best_epoch = 0;          // the epoch that reached it
  double final_train_loss = 0.0;
  double final_val_loss = 0.0;
  double final_val_metric = 0.0;  // accuracy or RMSE of the last epoch
  int epochs_run = 0;
  double seconds = 0.0;           // wall time of the racer's training
  int target_epoch = 0;           // first epoch whose monitored loss <= target; 0 = never
  double target_seconds = 0.0;    // wall time to that epoch; NaN = never
  uint64_t batch_order_hash = 0;  // FNV-1a over every epoch's batch row order (fairness check)
};
struct RaceFinished {
  std::vector<RaceStanding> standings;
  double target_loss = 0.0;
  std::string monitored = "validation";  // "validation" or "train" (no validation rows)
  RunEnd status = RunEnd::kOk;           // kOk | kCancelled
};

using RaceEvents = EventList<RaceStarted, RacerTuned, DecisionBoundary, LossLandscape,
                             TestFunctionSurface, TestFunctionPath, RaceFinished>;

}  // namespace optiscope
