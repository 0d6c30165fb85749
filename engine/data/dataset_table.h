// A Dataset seen as a Table again (numeric feature columns, then the target), so that generated
// data can be previewed and profiled like parsed data.
#pragma once

#include "engine/data/dataset.h"
#include "engine/data/table.h"

namespace optiscope {

// One numeric column per feature (named as the dataset's features, NaN kept as missing), then the
// target: categorical with the class names for classification (an out-of-range label is missing),
// numeric for regression. Source is the dataset's name.
Table DatasetAsTable(const Dataset& dataset);

}  // namespace optiscope
