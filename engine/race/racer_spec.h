// RacerSpec: one contestant of the optimizer race (a labelled OptimizerConfig) and the text form
// the CLI and docs use: "adam:lr=0.01,sgd:lr=0.1:momentum=0.9".
#pragma once

#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"

namespace optiscope {

struct RacerSpec {
  std::string label;          // unique within a race; the run_id of its events
  OptimizerConfig optimizer;  // type and settings (PyTorch defaults for what is not given)

  bool operator==(const RacerSpec&) const = default;
};

// Parses a comma-separated list of racers. Each racer is an optimizer type followed by optional
// ":key=value" settings, e.g. "sgd:lr=0.1:momentum=0.9". Keys: lr, momentum, dampening,
// nesterov, beta1, beta2, eps, weight_decay, amsgrad, alpha, centered, lr_decay,
// initial_accumulator, momentum_decay, hypergrad_beta, history_size (booleans: true/false/1/0),
// and label (the name shown; default: the type, or the whole racer text when a type appears more
// than once). Unset settings take DefaultOptimizerConfig(type). InvalidArgument naming the racer
// and key for an unknown type or key, a value that does not parse, a duplicate label, or an empty
// list.
Result<std::vector<RacerSpec>> ParseRacerSpecs(const std::string& text);

}  // namespace optiscope
