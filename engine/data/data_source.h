// Resolves the data section of a configuration to a Dataset: built-in, CSV file or synthetic.
#pragma once

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"

namespace optiscope {

// source == "synthetic" -> MakeSynthetic; a built-in name -> embedded CSV; otherwise a CSV path.
// Applies target / task and, when missing == "drop", drops incomplete rows. (Imputation of the
// other policies happens later, fitted on training rows: see Preprocessor.)
Result<Dataset> LoadDataset(const DataConfig& data);

}  // namespace optiscope
