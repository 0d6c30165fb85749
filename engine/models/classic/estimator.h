// Estimator: the small interface shared by the non-differentiable ("classic") models — trees,
// forests, gradient boosting, k-nearest neighbours and SVMs — and the factory that builds them.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <stop_token>
#include <string>
#include <variant>
#include <vector>

#include "engine/config/param_value.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"

namespace optiscope {

// A model fitted in one call (no parameter vector, no optimizer). Not thread-safe for concurrent
// Fit; const methods may run concurrently once Fit has returned.
class Estimator {
 public:
  virtual ~Estimator() = default;

  // Fits on X (rows x features, no NaN) and y (class id 0..num_classes-1 stored as float for
  // classification, the value for regression). num_classes is ignored for regression.
  // Errors: InvalidArgument (shapes, NaN, labels out of range, a task the model does not support,
  // bad options), Cancelled when `stop` is requested (checked at least once per tree/stage/pass).
  virtual Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                     std::stop_token stop = {}) = 0;

  // Class id (as float) for classification, the value for regression; one per row of X.
  // REQUIRES: a successful Fit; X has the fitted number of columns.
  virtual void Predict(const Mat& X, Vec* out) const = 0;

  // Classification only: rows x num_classes, each row non-negative and summing to 1. Models without
  // a probabilistic output (SVMs) return normalised scores, documented in their class comment.
  // REQUIRES: a successful classification Fit.
  virtual void PredictProba(const Mat& X, Mat* proba) const = 0;

  // Whether PredictProba gives probabilities (log loss is meaningful) rather than scores that only
  // rank the classes (SVMs). Metrics use it to report log loss or say why it is missing.
  virtual bool HasProbabilities() const { return true; }

  // The factory name, e.g. "random_forest".
  virtual std::string Name() const = 0;

  // The fitted state (model-specific JSON fields). REQUIRES: a successful Fit or LoadState.
  virtual nlohmann::json SaveState() const = 0;
  // Restores what SaveState wrote. Errors: InvalidArgument for inconsistent content. May throw
  // nlohmann::json::exception for missing fields or wrong types: use LoadEstimator
  // (estimator_io.h), which turns every failure into a Status.
  virtual Status LoadState(const nlohmann::json& state) = 0;

  // Ensembles grow their model in stages (the trees of a forest, the stages of boosting); the
  // rest are fitted in one piece and keep these defaults.
  // The number of stages: the configured count before a fit, the fitted count after one (or
  // after LoadState). 0 for a model without stages.
  virtual int NumStages() const { return 0; }
  // What one stage is called, singular: "tree", "stage"; "" without stages.
  virtual std::string StageName() const { return {}; }
  // Calls visit(k, outputs) for each k of `stages` (increasing, each in 1..NumStages(); others
  // are skipped) with the outputs of the model made of its first k stages: rows x num_classes
  // class probabilities (classification) or rows x 1 predicted values (regression). The k =
  // NumStages() outputs are PredictProba's / Predict's up to rounding. One pass over the stages.
  // REQUIRES: a successful Fit or LoadState. Does nothing for a model without stages.
  virtual void VisitStagedOutputs(const Mat& X, std::span<const int> stages,
                                  const std::function<void(int, const MatD&)>& visit) const {
    (void)X, (void)stages, (void)visit;
  }

  // Progress of the next Fits: `progress(done, total)` after each stage grown. Ensembles call it
  // from pool threads, possibly concurrently and slightly out of order (each `done` once): the
  // callee must be thread-safe and quick. Models without stages never call it.
  void SetFitProgress(std::function<void(int done, int total)> progress) {
    fit_progress_ = std::move(progress);
  }

 protected:
  void ReportFitProgress(int done, int total) const {
    if (fit_progress_) fit_progress_(done, total);
  }

 private:
  std::function<void(int, int)> fit_progress_;
};

// ParamValue and ParamMap (a hyperparameter value as given by a config file or the command line)
// are declared in engine/config/param_value.h.

// One hyperparameter of one estimator, for help texts (`optiscope-cli models`) and GUI forms.
struct EstimatorParamInfo {
  std::string name;           // "max_depth"
  std::string default_value;  // "0", "sqrt", "rbf"
  std::string help;           // one line
};

// The names MakeEstimator accepts: linear_svm, kernel_svm, tree, random_forest, gradient_boosting,
// knn.
std::vector<std::string> EstimatorNames();

// The hyperparameters of `name` with their defaults (scikit-learn's). Empty for an unknown name.
std::vector<EstimatorParamInfo> EstimatorParams(const std::string& name);

// Builds the estimator `name` with `params` over its defaults (numbers as double, choices as
// strings; a number given as a string such as "0.5" is accepted). Errors: NotFound for an unknown
// name; InvalidArgument naming the parameter for an unknown parameter, a wrong type or a value out
// of range. Thread-safe.
Result<std::unique_ptr<Estimator>> MakeEstimator(const std::string& name,
                                                 const ParamMap& params = {});

// Checks what every Fit requires (same rows, at least one row and column, finite X and y, integer
// labels in [0, num_classes) with num_classes >= 2 for classification). `model` names the caller.
Status ValidateFitInputs(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                         const std::string& model);

}  // namespace optiscope
