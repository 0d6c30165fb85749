// The built-in datasets (iris, wine, breast_cancer, digits, diabetes), embedded in the binary.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/data/dataset.h"

namespace optiscope {

struct BuiltinInfo {
  std::string name;  // "iris"
  int rows = 0;
  int features = 0;
  TaskKind task = TaskKind::kClassification;
  int classes = 0;   // 0 for regression
  std::string description;  // one line, with its origin
};

// Every built-in dataset, sorted by name. Thread-safe.
std::vector<BuiltinInfo> ListBuiltinDatasets();

// True when `name` names a built-in dataset.
bool IsBuiltinDataset(const std::string& name);

// Parses the embedded CSV of a built-in dataset into a table. NotFound for an unknown name.
Result<Table> LoadBuiltinTable(const std::string& name);

// LoadBuiltinTable + MakeDataset with the target in the last column.
Result<Dataset> LoadBuiltinDataset(const std::string& name);

}  // namespace optiscope
