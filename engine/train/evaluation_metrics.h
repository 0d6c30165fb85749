// Test-set metrics for every model family: accuracy, macro precision/recall/F1, ROC AUC, log loss
// and the confusion matrix for classification; RMSE, MAE and R² for regression. Definitions follow
// scikit-learn's sklearn.metrics (checked to 1e-9 against its numbers in
// tests/fixtures/sklearn_metrics/).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/core/types.h"

namespace optiscope {

// Metrics of one split. Fields that do not apply are NaN; `note` says why an applicable metric is
// NaN (e.g. "log loss: the model gives scores, not probabilities").
struct EvaluationReport {
  bool classification = true;
  int rows = 0;
  // Classification.
  double accuracy = 0.0;
  double precision_macro = 0.0;  // unweighted mean over classes; 0/0 counts as 0 (sklearn)
  double recall_macro = 0.0;
  double f1_macro = 0.0;
  double roc_auc = 0.0;   // binary: AUC of class 1's score; K > 2: one-vs-rest macro mean
  double log_loss = 0.0;  // mean -log p(true class), p clipped to [eps, 1 - eps] and renormalised
  int num_classes = 0;
  std::vector<int> confusion;  // num_classes^2, row-major: [true class][predicted class]
  // Regression (in the target's units).
  double rmse = 0.0;
  double mae = 0.0;
  double r2 = 0.0;
  // Regression: the rows' targets and predictions (same order, target units), for the residual
  // plots (engine/train/residuals.h). Empty for classification.
  std::vector<double> targets;
  std::vector<double> predictions;
  std::string note;
};

// ROC AUC of binary labels (true = positive) against scores, ties counted half (the
// Mann-Whitney statistic with average ranks, equal to sklearn's trapezoidal roc_auc_score).
// NaN when only one class is present.
double RocAucBinary(std::span<const bool> positive, std::span<const double> scores);

// Classification metrics. `labels` and `predicted` hold class ids in [0, num_classes). `scores`
// (rows x num_classes, may be empty) are class probabilities or scores; with scores, AUC is
// computed (one-vs-rest macro for K > 2; NaN when a class is absent from `labels`), and log loss
// too when `probabilities` is true. REQUIRES: labels.size() == predicted.size().
EvaluationReport ClassificationReport(std::span<const int> labels, std::span<const int> predicted,
                                      const MatD& scores, int num_classes, bool probabilities);

// Regression metrics of predictions against targets (same units). R² is NaN when the targets are
// constant (sklearn returns 0 or 1 there; a constant test split carries no information).
EvaluationReport RegressionReport(std::span<const double> targets,
                                  std::span<const double> predictions);

}  // namespace optiscope
