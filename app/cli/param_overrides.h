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

// "--set PATH=VALUE": sets any field of the configuration by its path ("regularization.l1",
// "schedule.type", "features.pca.n_components"), in command-line order. A field of the schema
// (engine/config/config_schema.h) reads the value by its kind: numbers, true/false, words, whole
// arrays ("model.hidden=[32,16]", "[]") and class weights ("loss.class_weights=balanced" or
// "[1,2]"). The study space's other paths ("model.hidden[1]", "model.hidden.size",
// "model.params.C") go through ApplyBindings. InvalidArgument naming the option and the path for an
// unknown field or a value of the wrong kind; the whole configuration is validated after each one.
Status ApplySetOverrides(const ParsedArgs& args, ExperimentConfig* config);

}  // namespace optiscope::cli
