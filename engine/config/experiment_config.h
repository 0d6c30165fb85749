// ExperimentConfig: everything that defines one training run. The GUI's setup panel edits one,
// the CLI reads one from JSON (config_json.h), and "Export" writes one: same seed, same result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/config/config_enums.h"
#include "engine/config/features_config.h"
#include "engine/config/param_value.h"

namespace optiscope {

// A generated dataset (engine/data/synthetic.h draws it). The enums' names: config_enums.h.
struct SyntheticOptions {
  SyntheticKind kind = SyntheticKind::kMoons;  // moons | circles | spirals | blobs | xor | linear
  int n = 500;                 // rows
  double noise = 0.1;          // stddev of Gaussian noise added
  uint64_t seed = 0;
  int classes = 3;             // blobs and spirals: number of classes
  int features = 2;            // blobs and linear: number of features

  bool operator==(const SyntheticOptions&) const = default;
};

struct DataConfig {
  std::string source = "digits";  // a built-in name, a CSV path, or "synthetic"
  SyntheticOptions synthetic;     // used when source == "synthetic"
  std::string target;             // target column; empty = last column
  std::string drop_columns;       // comma-separated columns left out of the features ("id,name")
  TaskChoice task = TaskChoice::kAuto;           // auto | classification | regression
  MissingPolicy missing = MissingPolicy::kMean;  // mean | median | most_frequent | drop (rows)
  Scaling scaling = Scaling::kStandardize;  // none | standardize | minmax (fitted on train rows)
  double validation_fraction = 0.1;
  double test_fraction = 0.2;
  bool stratify = true;
  uint64_t split_seed = 0;

  bool operator==(const DataConfig&) const = default;
};

struct ModelConfig {
  ModelType type = ModelType::kMlp;  // linear | logistic | mlp | linear_svm | kernel_svm | tree |
                                     // random_forest | gradient_boosting | knn
  std::vector<int> hidden = {128, 64};  // mlp: hidden layer widths (may be empty)
  Activation activation = Activation::kRelu;  // mlp: relu | tanh | sigmoid | leaky_relu | gelu
  double dropout = 0.0;                 // mlp: dropout rate on hidden layers, in [0, 1)
  // The other hyperparameters of `type` (classic models' n_estimators, max_depth, ...; linear's
  // solver), over their defaults; names, kinds and ranges in engine/config/model_catalog.h.
  ParamMap params;
  double negative_slope = 0.01;         // mlp, leaky_relu: slope for z < 0, >= 0

  bool operator==(const ModelConfig&) const = default;
};

// Per-class weights of a classification loss: none (empty), explicit values (one per class, in
// class-id order), or "balanced" (n / (K * count_c) over the training rows, as scikit-learn).
struct ClassWeights {
  bool balanced = false;
  std::vector<double> values;

  bool empty() const { return !balanced && values.empty(); }
  bool operator==(const ClassWeights&) const = default;
};

// The training criterion; formulas in docs/losses.md. Fields a loss does not use must keep their
// defaults (validation names the field otherwise).
struct LossConfig {
  LossType type = LossType::kAuto;  // auto (cross_entropy for classification, mse for
                                    // regression) | mse | mae | huber | log_cosh | bce |
                                    // cross_entropy | hinge | focal | custom
  double huber_delta = 1.0;      // huber: quadratic within |p - y| <= delta, linear beyond
  double focal_gamma = 2.0;      // focal: focusing exponent, >= 0
  double focal_alpha = -1.0;     // focal, 2 classes: weight of class 1 (class 0: 1 - alpha);
                                 // negative = off (torchvision's convention)
  double label_smoothing = 0.0;  // cross_entropy, bce: in [0, 1] (PyTorch semantics)
  ClassWeights class_weights;    // cross_entropy, bce, hinge, focal
  std::string expression;        // custom: a formula of p and y (loss_expression.h)

  bool operator==(const LossConfig&) const = default;
};

// Penalties and training guards. All off by default.
struct RegularizationConfig {
  double l2 = 0.0;              // adds (l2/2)*||w||^2 over weights (not biases) to the loss
  double l1 = 0.0;              // adds l1*||w||_1 over weights, applied as a proximal step
  double clip_grad_norm = 0.0;  // > 0: rescale the gradient to at most this L2 norm
  double clip_grad_value = 0.0;  // > 0: clamp each gradient component to [-v, v] (before norm)
  int early_stopping_patience = 0;  // > 0: stop after this many epochs without improvement of
                                    // the validation loss by min_delta; restore the best weights
  double early_stopping_min_delta = 0.0;
  // What early stopping watches: val_loss, or val_metric (accuracy, maximized, for
  // classification; RMSE, minimized, for regression). Training values when there is no
  // validation split.
  EarlyStoppingMonitor early_stopping_monitor = EarlyStoppingMonitor::kValLoss;

  bool operator==(const RegularizationConfig&) const = default;
};

// An update rule with PyTorch's semantics. Fields that a rule does not use are ignored. The
// per-rule defaults (PyTorch's) come from DefaultOptimizerConfig(type).
struct OptimizerConfig {
  OptimizerType type = OptimizerType::kAdam;  // gd | sgd | momentum | nesterov | adagrad |
                                              // rmsprop | adam | amsgrad | adamw | nadam |
                                              // lbfgs | sgd_hd | adam_hd
  double lr = 1e-3;
  double momentum = 0.0;      // sgd/momentum/nesterov, rmsprop
  double dampening = 0.0;     // sgd family
  bool nesterov = false;      // sgd family (type nesterov implies true)
  double beta1 = 0.9;         // adam family, nadam
  double beta2 = 0.999;       // adam family, nadam
  double eps = 1e-8;          // adam family, rmsprop, adagrad (1e-10)
  double weight_decay = 0.0;  // coupled (added to the gradient); adamw: decoupled
  bool amsgrad = false;       // adam, adamw (type amsgrad implies true)
  double alpha = 0.99;        // rmsprop smoothing constant
  bool centered = false;      // rmsprop
  double lr_decay = 0.0;      // adagrad
  double initial_accumulator = 0.0;  // adagrad
  double momentum_decay = 4e-3;      // nadam
  double hypergrad_beta = 1e-3;      // sgd_hd / adam_hd: learning rate of the learning rate
  int history_size = 10;             // lbfgs

  bool operator==(const OptimizerConfig&) const = default;
};

// The learning-rate schedule, stepped once per epoch (one_cycle: once per mini-batch).
struct ScheduleConfig {
  ScheduleType type = ScheduleType::kConstant;  // constant | step | exponential | cosine |
                                                // warmup | one_cycle | plateau
  int step_size = 10;             // step: epochs between decays
  double gamma = 0.1;             // step and exponential: decay factor
  double eta_min = 0.0;           // cosine: final rate
  int t_max = 0;                  // cosine: half-period in epochs; 0 = the run's epochs
  int warmup_epochs = 5;          // warmup: linear warm-up length
  double start_factor = 1.0 / 3;  // warmup: first rate = lr * start_factor
  double max_lr = 0.0;            // one_cycle: peak rate (0 = the optimizer's lr)
  double pct_start = 0.3;         // one_cycle
  double div_factor = 25.0;       // one_cycle: initial = max_lr / div_factor
  double final_div_factor = 1e4;  // one_cycle: final = initial / final_div_factor
  bool cycle_momentum = true;     // one_cycle: also cycle momentum / Adam's beta1 (as torch)
  double base_momentum = 0.85;    // one_cycle: momentum at the peak rate
  double max_momentum = 0.95;     // one_cycle: momentum at the start and the end
  double factor = 0.1;            // plateau: multiply by this on a plateau
  int patience = 10;              // plateau: epochs without improvement before reducing
  double threshold = 1e-4;        // plateau: relative improvement that counts

  bool operator==(const ScheduleConfig&) const = default;
};

struct TrainingConfig {
  int epochs = 30;
  int batch_size = 32;  // <= 0 or >= rows: full batch
  uint64_t seed = 0;    // initial weights, dropout and batch order
  int projection_every = 0;  // > 0: publish a PCA projection of the last hidden layer on the
                             // validation rows every N epochs (and the data once at start)

  bool operator==(const TrainingConfig&) const = default;
};

struct ExperimentConfig {
  int version = 1;  // schema version of the JSON form
  std::string name = "experiment";
  DataConfig data;
  ModelConfig model;
  LossConfig loss;
  RegularizationConfig regularization;
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  TrainingConfig training;
  FeaturesConfig features;  // extract -> select -> reduce before the model (features_config.h)

  bool operator==(const ExperimentConfig&) const = default;
};

// PyTorch's defaults for an update rule (lr, eps, weight decay, ...), with that type.
OptimizerConfig DefaultOptimizerConfig(OptimizerType type);

// The built-in demo: digits, MLP 64-128-64-10 ReLU, cross-entropy, Adam 1e-3, batch 32, 30 epochs.
ExperimentConfig DemoConfig();

}  // namespace optiscope
