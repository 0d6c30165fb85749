#include "engine/config/config_names.h"

namespace optiscope {

std::vector<std::string> SyntheticKinds() {
  return {"moons", "circles", "spirals", "blobs", "xor", "linear"};
}

const std::vector<std::string>& TaskNames() {
  static const std::vector<std::string> names = {"auto", "classification", "regression"};
  return names;
}

const std::vector<std::string>& MissingPolicyNames() {
  static const std::vector<std::string> names = {"mean", "median", "most_frequent", "drop"};
  return names;
}

const std::vector<std::string>& ScalingNames() {
  static const std::vector<std::string> names = {"none", "standardize", "minmax"};
  return names;
}

const std::vector<std::string>& ModelTypeNames() {
  static const std::vector<std::string> names = {
      "linear", "logistic", "mlp",
      // Classic models (engine/models/classic, fitted through an Estimator).
      "linear_svm", "kernel_svm", "tree", "random_forest", "gradient_boosting", "knn"};
  return names;
}

const std::vector<std::string>& ActivationNames() {
  static const std::vector<std::string> names = {"relu", "tanh", "sigmoid", "leaky_relu", "gelu"};
  return names;
}

const std::vector<std::string>& LossTypeNames() {
  static const std::vector<std::string> names = {
      "auto", "mse", "mae", "huber", "log_cosh", "bce", "cross_entropy", "hinge", "focal", "custom"};
  return names;
}

const std::vector<std::string>& OptimizerTypeNames() {
  static const std::vector<std::string> names = {
      "gd",      "sgd",   "momentum", "nesterov", "adagrad", "rmsprop", "adam",
      "amsgrad", "adamw", "nadam",    "lbfgs",    "sgd_hd",  "adam_hd"};
  return names;
}

const std::vector<std::string>& ScheduleTypeNames() {
  static const std::vector<std::string> names = {"constant", "step",      "exponential", "cosine",
                                                 "warmup",   "one_cycle", "plateau"};
  return names;
}

bool IsFullBatchOptimizer(const std::string& type) { return type == "lbfgs"; }

}  // namespace optiscope
