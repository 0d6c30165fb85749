#include "engine/data/builtin_datasets.h"

#include <algorithm>

#include "engine/data/csv_reader.h"
#include "engine/data/embedded_files.h"

namespace optiscope {
namespace {

// One line per dataset, citing its origin (resources/datasets/README.md).
struct Origin {
  const char* name;
  const char* description;
};
constexpr Origin kOrigins[] = {
    {"breast_cancer",
     "Breast tumours, malignant or benign, from 30 cell-nucleus measurements (UCI Breast Cancer "
     "Wisconsin (Diagnostic), CC BY 4.0, via scikit-learn)"},
    {"diabetes",
     "Disease progression after one year from 10 baseline variables (Efron et al. 2004, Least "
     "Angle Regression, via scikit-learn)"},
    {"digits",
     "Handwritten digits 0-9 as 8x8 pixel counts 0-16 (UCI Optical Recognition of Handwritten "
     "Digits, test part, CC BY 4.0, via scikit-learn)"},
    {"iris",
     "Three iris species from 4 flower measurements (Fisher 1936; UCI Iris, CC BY 4.0, via "
     "scikit-learn)"},
    {"wine",
     "Three wine cultivars from 13 chemical measurements (UCI Wine, CC BY 4.0, via "
     "scikit-learn)"},
};

const internal::EmbeddedFile* FindFile(const std::string& name) {
  for (const internal::EmbeddedFile& file : internal::EmbeddedFiles()) {
    if (file.name == name + ".csv") return &file;
  }
  return nullptr;
}

std::vector<BuiltinInfo> ComputeInfos() {
  std::vector<BuiltinInfo> infos;
  for (const internal::EmbeddedFile& file : internal::EmbeddedFiles()) {
    if (file.name.size() < 4 || file.name.substr(file.name.size() - 4) != ".csv") continue;
    const std::string name(file.name.substr(0, file.name.size() - 4));
    Result<Dataset> ds = LoadBuiltinDataset(name);
    if (!ds.ok()) continue;
    BuiltinInfo info;
    info.name = name;
    info.rows = ds->NumRows();
    info.features = ds->NumFeatures();
    info.task = ds->task;
    info.classes = ds->task == TaskKind::kClassification ? ds->NumClasses() : 0;
    for (const Origin& origin : kOrigins) {
      if (name == origin.name) info.description = origin.description;
    }
    infos.push_back(std::move(info));
  }
  std::sort(infos.begin(), infos.end(),
            [](const BuiltinInfo& a, const BuiltinInfo& b) { return a.name < b.name; });
  return infos;
}

}  // namespace

std::vector<BuiltinInfo> ListBuiltinDatasets() {
  static const std::vector<BuiltinInfo> infos = ComputeInfos();
  return infos;
}

bool IsBuiltinDataset(const std::string& name) { return FindFile(name) != nullptr; }

Result<Table> LoadBuiltinTable(const std::string& name) {
  const internal::EmbeddedFile* file = FindFile(name);
  if (file == nullptr) {
    std::string known;
    for (const internal::EmbeddedFile& f : internal::EmbeddedFiles()) {
      if (!known.empty()) known += ", ";
      known += std::string(f.name.substr(0, f.name.size() - 4));
    }
    return Status::NotFound("no built-in dataset named '" + name + "' (built-in: " + known + ")");
  }
  CsvOptions options;
  options.header = 1;
  options.delimiter = ',';
  return ParseCsv(file->content, "<builtin:" + name + ">", options);
}

Result<Dataset> LoadBuiltinDataset(const std::string& name) {
  Result<Table> table = LoadBuiltinTable(name);
  if (!table.ok()) return table.status();
  Result<Dataset> ds = MakeDataset(*table);
  if (ds.ok()) ds->name = name;
  return ds;
}

}  // namespace optiscope
