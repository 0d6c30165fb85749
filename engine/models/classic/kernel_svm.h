// KernelSvm: C-support vector classification with RBF, polynomial or linear kernels
// (scikit-learn's SVC), one-vs-one for more than two classes.
#pragma once

#include <vector>

#include "engine/models/classic/estimator.h"
#include "engine/models/classic/kernel_matrix.h"

namespace optiscope {

// Defaults are scikit-learn's SVC defaults.
struct KernelSvmOptions {
  enum class Gamma { kScale, kAuto, kValue };
  double C = 1.0;
  KernelKind kernel = KernelKind::kRbf;
  Gamma gamma_rule = Gamma::kScale;  // scale: 1/(F * Var(X)) over all entries (1 if Var is 0);
                                     // auto: 1/F; value: `gamma`
  double gamma = 0.0;                // used with kValue, > 0
  int degree = 3;                    // poly
  double coef0 = 0.0;                // poly
  double tol = 1e-3;
  double cache_mb = 200.0;  // kernel matrix budget: precomputed whole when it fits, else LRU rows
  int64_t max_iter = -1;    // per binary problem; -1 = LIBSVM's max(10^7, 100 l)
};

// C-SVC trained by SMO with WSS2 (see SolveSmo; Platt 1998, Fan, Chen & Lin 2005, as LIBSVM).
// K > 2 classes: one binary machine per pair of classes (Knerr et al. 1990, as LIBSVM and SVC),
// prediction by majority vote, ties to the lowest class id. One kernel matrix is shared by all
// pairs. PredictProba returns scores, not Platt-calibrated probabilities: the logistic of the
// decision value for two classes, the vote fractions for more.
class KernelSvm : public Estimator {
 public:
  explicit KernelSvm(const KernelSvmOptions& options = {}) : options_(options) {}

  Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
             std::stop_token stop = {}) override;
  void Predict(const Mat& X, Vec* out) const override;
  void PredictProba(const Mat& X, Mat* proba) const override;
  std::string Name() const override { return "kernel_svm"; }
  bool HasProbabilities() const override { return false; }
  nlohmann::json SaveState() const override;
  Status LoadState(const nlohmann::json& state) override;

  // rows x pairs decision values, pairs ordered (0,1), (0,2), ..., (1,2), ...; > 0 favours the
  // first class of the pair (LIBSVM's convention; two classes: one column, > 0 means class 0).
  void DecisionFunction(const Mat& X, MatD* values) const;
  int NumSupportVectors() const { return static_cast<int>(support_.rows()); }
  double gamma() const { return kernel_.gamma; }
  // Whether every binary problem reached the tolerance before max_iter.
  bool converged() const { return converged_; }

 private:
  struct Machine {
    int positive = 0, negative = 0;  // class ids: positive gets y = +1
    std::vector<int> sv;             // indices into support_
    std::vector<double> coef;        // alpha_i y_i
    double rho = 0.0;
  };

  KernelSvmOptions options_;
  int num_classes_ = 0;
  int num_features_ = 0;
  KernelFunction kernel_;
  Mat support_;  // the support vectors of all machines
  Vec support_norms_;
  std::vector<Machine> machines_;
  bool converged_ = true;
};

}  // namespace optiscope
