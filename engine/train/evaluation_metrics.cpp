#include "engine/train/evaluation_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>

#include "engine/core/types.h"

namespace optiscope {
namespace {

void AddNote(EvaluationReport* r, const std::string& text) {
  r->note += (r->note.empty() ? "" : "; ") + text;
}

}  // namespace

double RocAucBinary(std::span<const bool> positive, std::span<const double> scores) {
  const size_t n = positive.size();
  // A NaN score has no rank (and would break the sort's ordering and the tie loop below, which
  // never advanced past it: a model file with NaN weights made evaluate hang; fuzz finding
  // model/nan_scores_hang).
  for (double s : scores) {
    if (std::isnan(s)) return kNaN;
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  // Sum of the average ranks (1-based) of the positives.
  double rank_sum = 0.0;
  double num_pos = 0.0;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;  // always advances
    while (j < n && scores[order[j]] == scores[order[i]]) ++j;
    const double average_rank = 0.5 * static_cast<double>(i + 1 + j);
    for (size_t k = i; k < j; ++k) {
      if (positive[order[k]]) {
        rank_sum += average_rank;
        num_pos += 1.0;
      }
    }
    i = j;
  }
  const double num_neg = static_cast<double>(n) - num_pos;
  if (num_pos == 0.0 || num_neg == 0.0) return kNaN;
  return (rank_sum - num_pos * (num_pos + 1.0) / 2.0) / (num_pos * num_neg);
}

EvaluationReport ClassificationReport(std::span<const int> labels, std::span<const int> predicted,
                                      const MatD& scores, int num_classes, bool probabilities) {
  EvaluationReport r;
  r.classification = true;
  r.rows = static_cast<int>(labels.size());
  r.num_classes = num_classes;
  r.rmse = r.mae = r.r2 = kNaN;
  r.accuracy = r.precision_macro = r.recall_macro = r.f1_macro = r.roc_auc = r.log_loss = kNaN;
  const int k = num_classes;
  r.confusion.assign(static_cast<size_t>(k) * k, 0);
  if (labels.empty() || k < 1) return r;
  int correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    r.confusion[static_cast<size_t>(labels[i]) * k + predicted[i]] += 1;
    if (labels[i] == predicted[i]) ++correct;
  }
  const double n = static_cast<double>(labels.size());
  r.accuracy = correct / n;
  double precision = 0, recall = 0, f1 = 0;
  for (int c = 0; c < k; ++c) {
    double tp = r.confusion[static_cast<size_t>(c) * k + c], predicted_c = 0, actual_c = 0;
    for (int o = 0; o < k; ++o) {
      predicted_c += r.confusion[static_cast<size_t>(o) * k + c];
      actual_c += r.confusion[static_cast<size_t>(c) * k + o];
    }
    const double p = predicted_c > 0 ? tp / predicted_c : 0.0;
    const double rc = actual_c > 0 ? tp / actual_c : 0.0;
    precision += p;
    recall += rc;
    f1 += p + rc > 0 ? 2 * p * rc / (p + rc) : 0.0;
  }
  r.precision_macro = precision / k;
  r.recall_macro = recall / k;
  r.f1_macro = f1 / k;

  if (scores.rows() != static_cast<Eigen::Index>(labels.size()) || scores.cols() != k) {
    AddNote(&r, "ROC AUC and log loss: the model gives no class scores");
    return r;
  }
  std::unique_ptr<bool[]> pos(new bool[labels.size()]);
  std::vector<double> column(labels.size());
  auto auc_of = [&](int c) {
    for (size_t i = 0; i < labels.size(); ++i) {
      pos[i] = labels[i] == c;
      column[i] = scores(static_cast<Eigen::Index>(i), c);
    }
    return RocAucBinary(std::span<const bool>(pos.get(), labels.size()), column);
  };
  if (k == 2) {
    r.roc_auc = auc_of(1);
  } else {
    double sum = 0;
    for (int c = 0; c < k; ++c) sum += auc_of(c);
    r.roc_auc = sum / k;
  }
  if (std::isnan(r.roc_auc)) AddNote(&r, "ROC AUC: a class is absent from the test rows");
  if (probabilities) {
    const double eps = std::numeric_limits<double>::epsilon();
    double total = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
      double row_sum = 0;
      for (int c = 0; c < k; ++c) row_sum += std::clamp(scores(i, c), eps, 1 - eps);
      total -= std::log(std::clamp(scores(i, labels[i]), eps, 1 - eps) / row_sum);
    }
    r.log_loss = total / n;
  } else {
    AddNote(&r, "log loss: the model gives scores, not probabilities");
  }
  return r;
}

EvaluationReport RegressionReport(std::span<const double> targets,
                                  std::span<const double> predictions) {
  EvaluationReport r;
  r.classification = false;
  r.rows = static_cast<int>(targets.size());
  r.accuracy = r.precision_macro = r.recall_macro = r.f1_macro = r.roc_auc = r.log_loss = kNaN;
  r.rmse = r.mae = r.r2 = kNaN;
  if (targets.empty()) return r;
  const double n = static_cast<double>(targets.size());
  double sse = 0, sae = 0, mean = 0;
  for (double t : targets) mean += t;
  mean /= n;
  double sst = 0;
  for (size_t i = 0; i < targets.size(); ++i) {
    const double e = predictions[i] - targets[i];
    sse += e * e;
    sae += std::abs(e);
    sst += (targets[i] - mean) * (targets[i] - mean);
  }
  r.rmse = std::sqrt(sse / n);
  r.mae = sae / n;
  r.r2 = sst > 0 ? 1.0 - sse / sst : kNaN;
  if (!(sst > 0)) AddNote(&r, "R²: the test targets are constant");
  r.targets.assign(targets.begin(), targets.end());
  r.predictions.assign(predictions.begin(), predictions.end());
  return r;
}

}  // namespace optiscope
