#include "engine/train/evaluate_saved.h"

#include <cmath>

#include "engine/train/configured_split.h"

namespace optiscope {

Status CheckDatasetFits(const ModelSignature& model, const Dataset& data) {
  if (data.task != model.task) {
    return Status::InvalidArgument(
        std::string("the model was trained for ") +
        (model.task == TaskKind::kClassification ? "classification" : "regression") +
        " but the dataset's target is not");
  }
  const int inputs = static_cast<int>(model.feature_names.size());
  if (data.NumFeatures() != inputs) {
    return Status::InvalidArgument("the model expects " + std::to_string(inputs) +
                                   " feature columns, the dataset has " +
                                   std::to_string(data.NumFeatures()));
  }
  for (int f = 0; f < inputs; ++f) {
    if (data.feature_names[f] != model.feature_names[f]) {
      return Status::InvalidArgument("feature column " + std::to_string(f + 1) + " is \"" +
                                     data.feature_names[f] + "\", the model expects \"" +
                                     model.feature_names[f] + "\"");
    }
  }
  return Status::Ok();
}

Result<std::vector<int>> SplitRows(const DataConfig& config, const Dataset& data,
                                   const std::string& split) {
  if (split == "all") {
    std::vector<int> rows(data.NumRows());
    for (int i = 0; i < data.NumRows(); ++i) rows[i] = i;
    return rows;
  }
  if (split != "train" && split != "validation" && split != "test") {
    return Status::InvalidArgument("split must be all, train, validation or test, got \"" + split +
                                   "\"");
  }
  auto parts = MakeConfiguredSplit(config, data);
  if (!parts.ok()) return parts.status();
  return split == "train" ? parts->train : split == "validation" ? parts->validation : parts->test;
}

Result<EvaluationReport> ReportOfOutputs(const ModelSignature& model, const Dataset& part,
                                         const Mat& outputs, bool softmax, bool probabilities) {
  const size_t n = static_cast<size_t>(part.NumRows());
  if (model.task == TaskKind::kRegression) {
    std::vector<double> targets(n), predictions(n);
    for (size_t i = 0; i < n; ++i) {
      targets[i] = part.y[i];
      predictions[i] = outputs(i, 0);
    }
    return RegressionReport(targets, predictions);
  }
  // Class ids of the dataset -> the model's, by name.
  std::vector<int> to_model(part.NumClasses(), -1);
  for (int c = 0; c < part.NumClasses(); ++c) {
    for (size_t m = 0; m < model.class_names.size(); ++m) {
      if (model.class_names[m] == part.class_names[c]) to_model[c] = static_cast<int>(m);
    }
  }
  const int k = static_cast<int>(model.class_names.size());
  // Predictions index the confusion matrix: a model file whose class list and outputs disagree
  // must be an error, not an out-of-bounds write.
  if (outputs.cols() != k) {
    return Status::InvalidArgument("the model has " + std::to_string(outputs.cols()) +
                                   " outputs but " + std::to_string(k) +
                                   " class names; the model file is inconsistent");
  }
  std::vector<int> labels(n), predicted(n);
  MatD scores = outputs.cast<double>();
  for (size_t i = 0; i < n; ++i) {
    const int id = to_model[static_cast<int>(part.y[i])];
    if (id < 0) {
      return Status::InvalidArgument("class \"" + part.class_names[static_cast<int>(part.y[i])] +
                                     "\" is not one the model knows");
    }
    labels[i] = id;
    auto row = scores.row(static_cast<Eigen::Index>(i));
    if (softmax) {
      row = (row.array() - row.maxCoeff()).exp().matrix();
      row /= row.sum();
    }
    Eigen::Index arg = 0;
    row.maxCoeff(&arg);
    predicted[i] = static_cast<int>(arg);
  }
  return ClassificationReport(labels, predicted, scores, k, probabilities);
}

Result<EvaluationReport> EvaluateOnDataset(const TrainedModel& model,
                                           const ExperimentConfig& config, const Dataset& data,
                                           const std::string& split) {
  const ModelSignature signature{model.task, model.feature_names, model.class_names};
  OPTISCOPE_RETURN_IF_ERROR(CheckDatasetFits(signature, data));
  auto rows = SplitRows(config.data, data, split);
  if (!rows.ok()) return rows.status();
  const Dataset part = data.Subset(*rows);
  auto outputs = PredictOutputs(model, part.X);
  if (!outputs.ok()) return outputs.status();
  const bool dense = model.estimator == nullptr;
  const bool probabilities =
      dense ? config.loss.type == LossType::kAuto || config.loss.type == LossType::kCrossEntropy
            : model.estimator->HasProbabilities();
  return ReportOfOutputs(signature, part, *outputs, dense, probabilities);
}

}  // namespace optiscope
