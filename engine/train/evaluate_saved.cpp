#include "engine/train/evaluate_saved.h"

#include <cmath>

#include "engine/data/splits.h"

namespace optiscope {

Result<EvaluationReport> EvaluateOnDataset(const TrainedModel& model,
                                           const ExperimentConfig& config, const Dataset& data,
                                           const std::string& split) {
  if (data.task != model.task) {
    return Status::InvalidArgument(std::string("the model was trained for ") +
                                   (model.task == TaskKind::kClassification ? "classification"
                                                                            : "regression") +
                                   " but the dataset's target is not");
  }
  if (data.NumFeatures() != model.num_inputs) {
    return Status::InvalidArgument("the model expects " + std::to_string(model.num_inputs) +
                                   " feature columns, the dataset has " +
                                   std::to_string(data.NumFeatures()));
  }
  for (int f = 0; f < model.num_inputs; ++f) {
    if (data.feature_names[f] != model.feature_names[f]) {
      return Status::InvalidArgument("feature column " + std::to_string(f + 1) + " is \"" +
                                     data.feature_names[f] + "\", the model expects \"" +
                                     model.feature_names[f] + "\"");
    }
  }
  std::vector<int> rows;
  if (split == "all") {
    rows.resize(data.NumRows());
    for (int i = 0; i < data.NumRows(); ++i) rows[i] = i;
  } else if (split == "train" || split == "validation" || split == "test") {
    HoldoutOptions holdout;
    holdout.validation_fraction = config.data.validation_fraction;
    holdout.test_fraction = config.data.test_fraction;
    holdout.seed = config.data.split_seed;
    holdout.stratify = config.data.stratify && data.task == TaskKind::kClassification;
    std::span<const Scalar> labels;
    if (data.task == TaskKind::kClassification) labels = {data.y.data(), size_t(data.y.size())};
    auto parts = MakeHoldoutSplit(data.NumRows(), holdout, labels);
    if (!parts.ok()) return parts.status();
    rows = split == "train" ? parts->train : split == "validation" ? parts->validation : parts->test;
  } else {
    return Status::InvalidArgument("split must be all, train, validation or test, got \"" + split +
                                   "\"");
  }
  const Dataset part = data.Subset(rows);
  auto outputs = PredictOutputs(model, part.X);
  if (!outputs.ok()) return outputs.status();
  const size_t n = rows.size();
  if (model.task == TaskKind::kRegression) {
    std::vector<double> targets(n), predictions(n);
    for (size_t i = 0; i < n; ++i) {
      targets[i] = part.y[i];
      predictions[i] = (*outputs)(i, 0);
    }
    return RegressionReport(targets, predictions);
  }
  // Class ids of the dataset -> the model's, by name.
  std::vector<int> to_model(data.NumClasses(), -1);
  for (int c = 0; c < data.NumClasses(); ++c) {
    for (size_t m = 0; m < model.class_names.size(); ++m) {
      if (model.class_names[m] == data.class_names[c]) to_model[c] = static_cast<int>(m);
    }
  }
  const int k = static_cast<int>(model.class_names.size());
  std::vector<int> labels(n), predicted(n);
  MatD scores = outputs->cast<double>();
  for (size_t i = 0; i < n; ++i) {
    const int id = to_model[static_cast<int>(part.y[i])];
    if (id < 0) {
      return Status::InvalidArgument("class \"" + data.class_names[static_cast<int>(part.y[i])] +
                                     "\" is not one the model knows");
    }
    labels[i] = id;
    auto row = scores.row(static_cast<Eigen::Index>(i));
    if (model.estimator == nullptr) {  // dense: softmax of the outputs
      row = (row.array() - row.maxCoeff()).exp().matrix();
      row /= row.sum();
    }
    Eigen::Index arg = 0;
    row.maxCoeff(&arg);
    predicted[i] = static_cast<int>(arg);
  }
  const bool probabilities =
      model.estimator != nullptr
          ? model.estimator->HasProbabilities()
          : config.loss.type == "auto" || config.loss.type == "cross_entropy";
  return ClassificationReport(labels, predicted, scores, k, probabilities);
}

}  // namespace optiscope
