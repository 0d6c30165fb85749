// ExperimentObjective: a study over any field of an experiment configuration (the `train --config`
// format). Each trial trains with RunExperiment and reports the validation metric every epoch, so
// pruners can stop it; holdout or k-fold cross-validation. Bindings are documented in docs/study.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <memory>

#include "engine/config/experiment_config.h"
#include "engine/search/hypergradient_eval.h"
#include "engine/search/objective.h"

namespace optiscope {

// Space name -> configuration field path: "optimizer.lr", "model.hidden[0]",
// "model.hidden.size" (the number of hidden layers; new layers copy the last width). A space name
// without a binding is itself the path.
using ConfigBindings = std::map<std::string, std::string>;

struct ExperimentObjectiveOptions {
  ExperimentConfig base;
  ConfigBindings bind;
  // Values returned, in order: "val_loss", "val_metric" (accuracy or rmse), "val_accuracy",
  // "val_f1" (macro F1), "val_rmse", "val_r2", "n_parameters", "train_seconds".
  std::vector<std::string> metrics = {"val_loss"};
  int cv_folds = 0;  // >= 2: k-fold cross-validation over the non-test rows (values: fold means)
  // Set (by the Study, for the "gradient" sampler): after each holdout run the hypergradients of
  // the validation loss are computed and put here under the trial number.
  std::shared_ptr<HypergradientLog> hypergradients;
};

// The metric names ExperimentObjectiveOptions::metrics accepts.
const std::vector<std::string>& ExperimentMetricNames();

// `base` with the trial's parameters written into their bound fields (numbers into numeric
// fields, rounded for integer fields; choice labels into text fields; a number or "true"/"false"
// into booleans), then validated. Errors name the parameter and the field path.
Result<ExperimentConfig> ApplyBindings(const ExperimentConfig& base,
                                       const std::vector<TrialParam>& params,
                                       const ConfigBindings& bind);

// Checks that `path` names a field of the configuration ("optimizer.lr", "model.hidden[1]",
// "model.hidden.size"); the error says which part is unknown.
Status CheckBindingPath(const std::string& path);

// Trains one configuration per trial. Intermediate values: metrics[0] after each epoch, steps
// from 1. With cross-validation the k folds train side by side (one thread each) and epoch e is
// reported once, as the mean of metrics[0] over the folds at epoch e (FoldReporter), so the
// pruner judges every fold; a prune stops all folds. A run whose loss diverges is a failed trial
// with the trainer's reason. Thread-safe.
class ExperimentObjective final : public StudyObjective {
 public:
  explicit ExperimentObjective(ExperimentObjectiveOptions options);
  int NumValues() const override { return static_cast<int>(options_.metrics.size()); }
  Result<std::vector<double>> Evaluate(const TrialRequest& request,
                                       TrialContext& context) override;
  const ExperimentObjectiveOptions& options() const { return options_; }
  // Sets options().hypergradients. Call before evaluating (not concurrently with Evaluate).
  void SetHypergradientLog(std::shared_ptr<HypergradientLog> log) {
    options_.hypergradients = std::move(log);
  }

 private:
  ExperimentObjectiveOptions options_;
};

}  // namespace optiscope
