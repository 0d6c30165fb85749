// JSON <-> ExperimentConfig. The schema is documented in docs/config.md.
#pragma once

#include <string>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"

namespace optiscope {

// Pretty-printed JSON (2-space indent) of every field; ParseExperimentConfig(Write(c)) == c.
std::string WriteExperimentConfig(const ExperimentConfig& config);

// Parses JSON text. Missing fields keep their defaults; unknown fields, wrong types and invalid
// values (e.g. lr <= 0, unknown optimizer) are errors naming the field path ("optimizer.lr") and,
// for syntax errors, "source:line:column". `source_name` is used in messages.
Result<ExperimentConfig> ParseExperimentConfig(const std::string& json_text,
                                               const std::string& source_name = "<config>");

// Reads a file and parses it.
Result<ExperimentConfig> LoadExperimentConfig(const std::string& path);
// Writes the JSON to `path` (atomically: temp file + rename).
Status SaveExperimentConfig(const ExperimentConfig& config, const std::string& path);

// Checks values that do not depend on the data (positive lr, epochs >= 1, known names, ...).
Status ValidateExperimentConfig(const ExperimentConfig& config);

// The loss section's checks that need no data, each naming its field: the type is known,
// huber_delta > 0, focal_gamma >= 0, focal_alpha < 0 or in [0, 1], label_smoothing in [0, 1] and
// only with cross_entropy or bce, class weights only with classification losses, and for "custom"
// an expression that compiles ("loss.expression: expected ')' at column 14" + caret lines).
// Part of ValidateExperimentConfig; MakeLoss (engine/losses/loss_factory.h) runs it too.
Status ValidateLossConfig(const LossConfig& config);

}  // namespace optiscope
