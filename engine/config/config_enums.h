// The enumerated choices of an experiment (ExperimentConfig, FeaturesConfig) and their names.
//
// Every enum has ONE name table, EnumTable<E>::kEntries, right below it: one row per value, in
// the enum's declaration order (which is also the order the docs, the CLI and the GUI list them).
// The JSON reader and writer (config_json.cpp), the field schema (config_schema.h: validation, the
// GUI's generated editors, the CLI's --set), the name lists of config_names.h and the error
// messages all read that table, so adding a value means adding the enumerator and its row here
// (a -Wswitch warning then points at every switch that must handle it).
//
// Light on purpose: no Eigen, no JSON; engine/models, data and features include it for the enums
// they share with the configuration (Activation, Scaling, PcaSolver, PcaKernel).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

// One row of a name table.
template <class E>
struct EnumEntry {
  E value;
  const char* name;  // the JSON / CLI / GUI name
};

// Specialized below for every enum: `static constexpr std::array<EnumEntry<E>, N> kEntries`.
template <class E>
struct EnumTable;

// ---- data ----

// data.synthetic.kind: the generator of a synthetic dataset (engine/data/synthetic.h).
enum class SyntheticKind { kMoons, kCircles, kSpirals, kBlobs, kXor, kLinear };
template <>
struct EnumTable<SyntheticKind> {
  static constexpr auto kEntries = std::to_array<EnumEntry<SyntheticKind>>({
      {SyntheticKind::kMoons, "moons"},
      {SyntheticKind::kCircles, "circles"},
      {SyntheticKind::kSpirals, "spirals"},
      {SyntheticKind::kBlobs, "blobs"},
      {SyntheticKind::kXor, "xor"},
      {SyntheticKind::kLinear, "linear"},
  });
};

// data.task: what the target is; kAuto decides from the target column (engine/data/dataset.h).
enum class TaskChoice { kAuto, kClassification, kRegression };
template <>
struct EnumTable<TaskChoice> {
  static constexpr auto kEntries = std::to_array<EnumEntry<TaskChoice>>({
      {TaskChoice::kAuto, "auto"},
      {TaskChoice::kClassification, "classification"},
      {TaskChoice::kRegression, "regression"},
  });
};

// data.missing: imputation of missing values, or kDrop (drop the rows that have any).
enum class MissingPolicy { kMean, kMedian, kMostFrequent, kDrop };
template <>
struct EnumTable<MissingPolicy> {
  static constexpr auto kEntries = std::to_array<EnumEntry<MissingPolicy>>({
      {MissingPolicy::kMean, "mean"},
      {MissingPolicy::kMedian, "median"},
      {MissingPolicy::kMostFrequent, "most_frequent"},
      {MissingPolicy::kDrop, "drop"},
  });
};

// data.scaling: feature scaling fitted on the training rows (engine/data/preprocessing.h).
enum class Scaling { kNone, kStandardize, kMinMax };
template <>
struct EnumTable<Scaling> {
  static constexpr auto kEntries = std::to_array<EnumEntry<Scaling>>({
      {Scaling::kNone, "none"},
      {Scaling::kStandardize, "standardize"},
      {Scaling::kMinMax, "minmax"},
  });
};

// ---- model and loss ----

// model.type: the model family. The first three are dense networks trained by gradient; the
// others are classic models fitted by an Estimator (engine/models/classic; IsClassicModel).
enum class ModelType {
  kLinear,
  kLogistic,
  kMlp,
  kLinearSvm,
  kKernelSvm,
  kTree,
  kRandomForest,
  kGradientBoosting,
  kKnn,
};
template <>
struct EnumTable<ModelType> {
  static constexpr auto kEntries = std::to_array<EnumEntry<ModelType>>({
      {ModelType::kLinear, "linear"},
      {ModelType::kLogistic, "logistic"},
      {ModelType::kMlp, "mlp"},
      {ModelType::kLinearSvm, "linear_svm"},
      {ModelType::kKernelSvm, "kernel_svm"},
      {ModelType::kTree, "tree"},
      {ModelType::kRandomForest, "random_forest"},
      {ModelType::kGradientBoosting, "gradient_boosting"},
      {ModelType::kKnn, "knn"},
  });
};

// model.activation: the MLP's hidden-layer nonlinearity (engine/models/dense_network.h).
enum class Activation { kRelu, kTanh, kSigmoid, kLeakyRelu, kGelu };
template <>
struct EnumTable<Activation> {
  static constexpr auto kEntries = std::to_array<EnumEntry<Activation>>({
      {Activation::kRelu, "relu"},
      {Activation::kTanh, "tanh"},
      {Activation::kSigmoid, "sigmoid"},
      {Activation::kLeakyRelu, "leaky_relu"},
      {Activation::kGelu, "gelu"},
  });
};

// loss.type: the training criterion (docs/losses.md). kAuto is cross_entropy for classification
// and mse for regression; kCustom is loss.expression.
enum class LossType {
  kAuto,
  kMse,
  kMae,
  kHuber,
  kLogCosh,
  kBce,
  kCrossEntropy,
  kHinge,
  kFocal,
  kCustom,
};
template <>
struct EnumTable<LossType> {
  static constexpr auto kEntries = std::to_array<EnumEntry<LossType>>({
      {LossType::kAuto, "auto"},
      {LossType::kMse, "mse"},
      {LossType::kMae, "mae"},
      {LossType::kHuber, "huber"},
      {LossType::kLogCosh, "log_cosh"},
      {LossType::kBce, "bce"},
      {LossType::kCrossEntropy, "cross_entropy"},
      {LossType::kHinge, "hinge"},
      {LossType::kFocal, "focal"},
      {LossType::kCustom, "custom"},
  });
};

// regularization.early_stopping_monitor: the validation loss, or the validation metric
// (accuracy, maximized, for classification; RMSE, minimized, for regression).
enum class EarlyStoppingMonitor { kValLoss, kValMetric };
template <>
struct EnumTable<EarlyStoppingMonitor> {
  static constexpr auto kEntries = std::to_array<EnumEntry<EarlyStoppingMonitor>>({
      {EarlyStoppingMonitor::kValLoss, "val_loss"},
      {EarlyStoppingMonitor::kValMetric, "val_metric"},
  });
};

// ---- optimizer and schedule ----

// optimizer.type: the update rule, with PyTorch's semantics (engine/optim/update_rule.h).
enum class OptimizerType {
  kGd,
  kSgd,
  kMomentum,
  kNesterov,
  kAdagrad,
  kRmsprop,
  kAdam,
  kAmsgrad,
  kAdamw,
  kNadam,
  kLbfgs,
  kSgdHd,
  kAdamHd,
};
template <>
struct EnumTable<OptimizerType> {
  static constexpr auto kEntries = std::to_array<EnumEntry<OptimizerType>>({
      {OptimizerType::kGd, "gd"},
      {OptimizerType::kSgd, "sgd"},
      {OptimizerType::kMomentum, "momentum"},
      {OptimizerType::kNesterov, "nesterov"},
      {OptimizerType::kAdagrad, "adagrad"},
      {OptimizerType::kRmsprop, "rmsprop"},
      {OptimizerType::kAdam, "adam"},
      {OptimizerType::kAmsgrad, "amsgrad"},
      {OptimizerType::kAdamw, "adamw"},
      {OptimizerType::kNadam, "nadam"},
      {OptimizerType::kLbfgs, "lbfgs"},
      {OptimizerType::kSgdHd, "sgd_hd"},
      {OptimizerType::kAdamHd, "adam_hd"},
  });
};

// schedule.type: the learning-rate schedule (engine/optim/schedule.h).
enum class ScheduleType {
  kConstant,
  kStep,
  kExponential,
  kCosine,
  kWarmup,
  kOneCycle,
  kPlateau,
};
template <>
struct EnumTable<ScheduleType> {
  static constexpr auto kEntries = std::to_array<EnumEntry<ScheduleType>>({
      {ScheduleType::kConstant, "constant"},
      {ScheduleType::kStep, "step"},
      {ScheduleType::kExponential, "exponential"},
      {ScheduleType::kCosine, "cosine"},
      {ScheduleType::kWarmup, "warmup"},
      {ScheduleType::kOneCycle, "one_cycle"},
      {ScheduleType::kPlateau, "plateau"},
  });
};

// ---- features (features_config.h) ----

// features.extract.method.
enum class ExtractMethod { kNone, kPolynomial, kLog1p, kSqrt, kYeoJohnson, kBinning };
template <>
struct EnumTable<ExtractMethod> {
  static constexpr auto kEntries = std::to_array<EnumEntry<ExtractMethod>>({
      {ExtractMethod::kNone, "none"},
      {ExtractMethod::kPolynomial, "polynomial"},
      {ExtractMethod::kLog1p, "log1p"},
      {ExtractMethod::kSqrt, "sqrt"},
      {ExtractMethod::kYeoJohnson, "yeo_johnson"},
      {ExtractMethod::kBinning, "binning"},
  });
};

// features.extract.strategy: where binning puts the bin edges.
enum class BinStrategy { kUniform, kQuantile };
template <>
struct EnumTable<BinStrategy> {
  static constexpr auto kEntries = std::to_array<EnumEntry<BinStrategy>>({
      {BinStrategy::kUniform, "uniform"},
      {BinStrategy::kQuantile, "quantile"},
  });
};

// features.select.method.
enum class SelectMethod { kNone, kVariance, kKBest, kRfe, kL1 };
template <>
struct EnumTable<SelectMethod> {
  static constexpr auto kEntries = std::to_array<EnumEntry<SelectMethod>>({
      {SelectMethod::kNone, "none"},
      {SelectMethod::kVariance, "variance"},
      {SelectMethod::kKBest, "kbest"},
      {SelectMethod::kRfe, "rfe"},
      {SelectMethod::kL1, "l1"},
  });
};

// features.select.score: kbest's univariate score.
enum class SelectScore { kAnova, kChi2, kMutualInfo };
template <>
struct EnumTable<SelectScore> {
  static constexpr auto kEntries = std::to_array<EnumEntry<SelectScore>>({
      {SelectScore::kAnova, "anova"},
      {SelectScore::kChi2, "chi2"},
      {SelectScore::kMutualInfo, "mutual_info"},
  });
};

// features.select.estimator: the model rfe ranks the features with.
enum class RfeEstimator { kLinear, kTree };
template <>
struct EnumTable<RfeEstimator> {
  static constexpr auto kEntries = std::to_array<EnumEntry<RfeEstimator>>({
      {RfeEstimator::kLinear, "linear"},
      {RfeEstimator::kTree, "tree"},
  });
};

// features.pca.method: the dimension reduction.
enum class ReduceMethod { kNone, kPca, kKpca };
template <>
struct EnumTable<ReduceMethod> {
  static constexpr auto kEntries = std::to_array<EnumEntry<ReduceMethod>>({
      {ReduceMethod::kNone, "none"},
      {ReduceMethod::kPca, "pca"},
      {ReduceMethod::kKpca, "kpca"},
  });
};

// features.pca.solver (engine/features/pca.h).
enum class PcaSolver {
  kAuto,        // randomized when max(n, d) > 500 and k < 0.8 min(n, d) (sklearn's rule), else full
  kFull,        // exact: covariance eigendecomposition when n >= d, else thin SVD of X_c
  kRandomized,  // Halko et al. with power iterations
};
template <>
struct EnumTable<PcaSolver> {
  static constexpr auto kEntries = std::to_array<EnumEntry<PcaSolver>>({
      {PcaSolver::kAuto, "auto"},
      {PcaSolver::kFull, "full"},
      {PcaSolver::kRandomized, "randomized"},
  });
};

// features.pca.kernel: Kernel PCA's kernel (engine/features/kernels.h).
enum class PcaKernel { kRbf, kPoly, kSigmoid, kCosine, kLinear };
template <>
struct EnumTable<PcaKernel> {
  static constexpr auto kEntries = std::to_array<EnumEntry<PcaKernel>>({
      {PcaKernel::kRbf, "rbf"},
      {PcaKernel::kPoly, "poly"},
      {PcaKernel::kSigmoid, "sigmoid"},
      {PcaKernel::kCosine, "cosine"},
      {PcaKernel::kLinear, "linear"},
  });
};

// ---- lookups, the same for every table ----

// True when row i of E's table holds the value whose underlying integer is i (the lookups index
// the table by value). Checked at compile time by every lookup below.
template <class E>
constexpr bool EnumTableIsDense() {
  const auto& entries = EnumTable<E>::kEntries;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (static_cast<std::size_t>(entries[i].value) != i) return false;
  }
  return true;
}

// Every value of E, in table order.
template <class E>
constexpr auto EnumValues() {
  static_assert(EnumTableIsDense<E>(), "EnumTable rows must follow the enum's declaration order");
  std::array<E, EnumTable<E>::kEntries.size()> values{};
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = EnumTable<E>::kEntries[i].value;
  return values;
}

// The names of E's values, in table order (the `choices` of the field's schema entry, the GUI's
// combo-box items). Thread-safe.
template <class E>
const std::vector<std::string>& EnumNames() {
  static_assert(EnumTableIsDense<E>(), "EnumTable rows must follow the enum's declaration order");
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : EnumTable<E>::kEntries) out.emplace_back(entry.name);
    return out;
  }();
  return names;
}

// The name of `value` ("adamw"); "?" for a value outside the table (a bad cast).
template <class E>
const std::string& EnumName(E value) {
  static const std::string unknown = "?";
  const auto index = static_cast<std::size_t>(value);
  const auto& names = EnumNames<E>();
  return index < names.size() ? names[index] : unknown;
}

// The value named `name`; nullopt when no row has that name (names are case-sensitive).
template <class E>
std::optional<E> EnumFromName(std::string_view name) {
  static_assert(EnumTableIsDense<E>(), "EnumTable rows must follow the enum's declaration order");
  for (const auto& entry : EnumTable<E>::kEntries) {
    if (name == entry.name) return entry.value;
  }
  return std::nullopt;
}

// The message for a word that is not one of `names`, the wording every choice check uses:
// "<what>: \"adamm\" is not one of gd, sgd, ... (did you mean \"adam\"?)". `alternatives` is said
// after the list (" or a number in (0, 1]").
std::string NotOneOfMessage(std::string_view what, std::string_view value,
                            const std::vector<std::string>& names,
                            std::string_view alternatives = "");

// EnumFromName, or InvalidArgument with NotOneOfMessage naming `what` (a field path such as
// "optimizer.type", or an option such as "--kernel").
template <class E>
Result<E> ParseEnum(std::string_view name, std::string_view what) {
  if (const std::optional<E> value = EnumFromName<E>(name)) return *value;
  return Status::InvalidArgument(NotOneOfMessage(what, name, EnumNames<E>()));
}

}  // namespace optiscope
