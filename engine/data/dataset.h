// Dataset: a numeric design matrix and target, ready for models; and its construction from a Table.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/table.h"

namespace optiscope {

enum class TaskKind { kClassification, kRegression };
const char* TaskKindName(TaskKind task);  // "classification" / "regression"

// Features X (rows x features, float; NaN marks a missing value still to be imputed) and target y
// (class index 0..K-1 stored as float, or the regression value). Value type; copyable.
struct Dataset {
  std::string name;
  Mat X;
  Vec y;
  std::vector<std::string> feature_names;  // X.cols() entries (one-hot columns: "color=red")
  std::string target_name;
  TaskKind task = TaskKind::kClassification;
  std::vector<std::string> class_names;  // classification: K names, index = class id

  int NumRows() const { return static_cast<int>(X.rows()); }
  int NumFeatures() const { return static_cast<int>(X.cols()); }
  int NumClasses() const { return static_cast<int>(class_names.size()); }
  // The rows listed, in that order. REQUIRES: every index in [0, NumRows()).
  Dataset Subset(std::span<const int> rows) const;
};

struct DatasetOptions {
  std::string target;          // column name; empty = the last column
  TaskChoice task = TaskChoice::kAuto;  // auto | classification | regression
  bool drop_missing_rows = false;  // true: drop rows with any missing feature or target
};

// Builds a Dataset from a parsed table: categorical features are one-hot encoded (a missing
// category gives NaN in all its columns), a categorical target keeps its names, a numeric target is
// classification under "auto" when it has only integer values and at most 20 distinct ones (class
// names are the values, e.g. "0", "1"), regression otherwise. Rows with a missing target are
// always dropped. Errors: unknown target column, no feature columns, no rows left.
Result<Dataset> MakeDataset(const Table& table, const DatasetOptions& options = {});

}  // namespace optiscope
