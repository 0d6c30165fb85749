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

}  // namespace optiscope::cli
