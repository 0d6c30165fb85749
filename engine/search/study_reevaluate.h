// Multi-seed re-evaluation of a study's top configurations: is the best trial really better, or was
// it lucky? Each configuration is re-run with the same n seeds (paired) and compared with the best
// mean by the corrected resampled t-test (Nadeau & Bengio 2003, statistics.h).
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/objective.h"
#include "engine/search/study_spec.h"
#include "engine/search/study_trial.h"

namespace optiscope {

struct ReevaluateOptions {
  int top_k = 3;    // the k best complete trials (distinct parameters) by the first value
  int n_seeds = 5;  // seed offsets 0..n-1 (training seed and split seed), the same for every config
};

struct ConfigReevaluation {
  int trial = 0;  // the trial whose parameters were re-run
  std::vector<TrialParam> params;
  std::vector<double> scores;  // first objective value per seed
  double mean = 0.0;
  double stddev = 0.0;           // sample standard deviation over seeds
  double mean_difference = 0.0;  // mean(scores - best scores); 0 for the best
  double p_value = 1.0;          // two-sided, versus the best configuration; 1 for the best
};

struct Reevaluation {
  std::string study;
  Direction direction = Direction::kMinimize;
  double test_train_ratio = 0.0;  // n_validation / n_train of the split (0: plain paired t-test)
  int best = 0;                   // index into configs of the best mean
  std::vector<ConfigReevaluation> configs;  // in the study's ranking order
};

// Re-runs the top-k configurations of `trials` on `objective` with n seeds each. A failed re-run
// fails the whole re-evaluation with its reason. Errors: no complete trial, n_seeds < 2, stop.
Result<Reevaluation> ReevaluateTopTrials(const StudySpec& spec,
                                         const std::vector<TrialRecord>& trials,
                                         StudyObjective& objective,
                                         const ReevaluateOptions& options,
                                         std::stop_token stop = {});

// A table: trial, mean, std, difference vs best, p-value, params.
std::string ReevaluationText(const Reevaluation& r);
// {"study":..,"direction":..,"test_train_ratio":..,"best_trial":k,"configs":[{"trial":..,
//  "scores":[..],"mean":..,"std":..,"mean_difference":..,"p_value":..,"params":{..}}]}
std::string ReevaluationJson(const Reevaluation& r);

}  // namespace optiscope
