// ExperimentConfig: everything that defines one training run. The GUI's setup panel edits one,
// the CLI reads one from JSON (config_json.h), and "Export" writes one: same seed, same result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/synthetic.h"

namespace optiscope {

struct DataConfig {
  std::string source = "digits";  // a built-in name, a CSV path, or "synthetic"
  SyntheticOptions synthetic;     // used when source == "synthetic"
  std::string target;             // target column; empty = last column
  std::string task = "auto";      // auto | classification | regression
  std::string missing = "mean";   // mean | median | most_frequent | drop (drop rows)
  std::string scaling = "standardize";  // none | standardize | minmax (fitted on train rows)
  double validation_fraction = 0.1;
  double test_fraction = 0.2;
  bool stratify = true;
  uint64_t split_seed = 0;
};

struct ModelConfig {
  std::string type = "mlp";          // linear | logistic | mlp
  std::vector<int> hidden = {128, 64};  // mlp: hidden layer widths
  std::string activation = "relu";   // relu | tanh | sigmoid
};

struct LossConfig {
  std::string type = "auto";  // auto (cross_entropy for classification, mse for regression) |
                              // cross_entropy | mse
};

struct OptimizerConfig {
  std::string type = "adam";  // sgd | momentum | adam
  double lr = 1e-3;
  double momentum = 0.9;      // momentum
  bool nesterov = false;      // momentum
  double beta1 = 0.9;         // adam
  double beta2 = 0.999;       // adam
  double eps = 1e-8;          // adam
  double weight_decay = 0.0;  // coupled L2 added to the gradient (PyTorch semantics)
};

struct TrainingConfig {
  int epochs = 30;
  int batch_size = 32;  // <= 0 or >= rows: full batch
  uint64_t seed = 0;    // initial weights and batch order
};

struct ExperimentConfig {
  int version = 1;  // schema version of the JSON form
  std::string name = "experiment";
  DataConfig data;
  ModelConfig model;
  LossConfig loss;
  OptimizerConfig optimizer;
  TrainingConfig training;
};

// The built-in demo: digits, MLP 64-128-64-10 ReLU, cross-entropy, Adam 1e-3, batch 32, 30 epochs.
ExperimentConfig DemoConfig();

}  // namespace optiscope
