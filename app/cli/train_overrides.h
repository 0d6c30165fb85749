// The "train" options that override fields of the configuration (--lr 1e-3 -> optimizer.lr).
#pragma once

#include <vector>

#include "app/cli/cli_args.h"
#include "engine/config/experiment_config.h"
#include "engine/core/status.h"

namespace optiscope::cli {

// The data options (--dataset, --target, --drop-columns, --task, --scaling, --missing, --samples,
// --noise, --split-seed): one table for train, race, compress, project and select. A command whose
// --dataset means something more specific passes its own help line for it.
std::vector<OptionSpec> DataOptions(
    const char* dataset_help = "built-in dataset, synthetic generator or CSV file");
// The model, loss, optimizer and training options (--model ... --seed).
std::vector<OptionSpec> ModelTrainingOptions();
// All override options (--name, DataOptions(), ModelTrainingOptions()), for train's help.
std::vector<OptionSpec> OverrideOptions();

// Applies the data options in `args` to *data. --dataset resolves a built-in name, then a
// synthetic generator name, then a CSV path, and clears target and drop_columns unless given.
// InvalidArgument naming the option when a value does not parse.
Status ApplyDataOptions(const ParsedArgs& args, DataConfig* data);

// Applies the override options in `args` to *config. --dataset resolves a built-in name, then a
// synthetic generator name, then a CSV path, and clears data.target unless --target is given;
// --optimizer with a new type starts from that rule's defaults before --lr/--momentum/
// --weight-decay apply; without --name, --dataset renames the run to DATASET-MODEL. Returns
// InvalidArgument naming the option when a value does not parse (a usage error); range checks are
// left to ValidateExperimentConfig.
Status ApplyOverrides(const ParsedArgs& args, ExperimentConfig* config);

}  // namespace optiscope::cli
