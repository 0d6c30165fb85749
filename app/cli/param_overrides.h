// "--param NAME=VALUE": sets one hyperparameter of the configured model (model.params, or the
// field behind mlp's hidden / activation / dropout), typed by the engine's model catalog.
#pragma once

#include "app/cli/cli_args.h"
#include "engine/config/experiment_config.h"
#include "engine/core/status.h"

namespace optiscope::cli {

// Applies every --param in command-line order to *model (whose type is already final).
// InvalidArgument naming the option for a missing '=', an unknown parameter (with did-you-mean and
// the known names) or a value of the wrong kind or out of range.
Status ApplyParamOverrides(const ParsedArgs& args, ModelConfig* model);

// "--set PATH=VALUE": sets any field of the configuration by its path (the study space's paths:
// "regularization.l1", "schedule.type", "model.hidden[1]", "features.pca.n_components"), in
// command-line order; a value that parses as a number is a number, else text. InvalidArgument
// naming the option and the path for an unknown field or a value of the wrong kind; the whole
// configuration is validated after each one.
Status ApplySetOverrides(const ParsedArgs& args, ExperimentConfig* config);

}  // namespace optiscope::cli
