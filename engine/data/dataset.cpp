#include "engine/data/dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "engine/core/memory.h"
#include "engine/core/parallel_for.h"

namespace optiscope {
namespace {

constexpr int kMaxAutoClasses = 20;
constexpr Eigen::Index kParallelCells = Eigen::Index{1} << 22;

// Shortest text that reads back as `value` ("3", "-1", "0.5").
std::string FormatNumber(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

}  // namespace

const char* TaskKindName(TaskKind task) {
  return task == TaskKind::kClassification ? "classification" : "regression";
}

Dataset Dataset::Subset(std::span<const int> rows) const {
  Dataset out;
  out.name = name;
  out.feature_names = feature_names;
  out.target_name = target_name;
  out.task = task;
  out.class_names = class_names;
  out.X.resize(static_cast<Eigen::Index>(rows.size()), X.cols());
  out.y.resize(static_cast<Eigen::Index>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    out.X.row(static_cast<Eigen::Index>(i)) = X.row(rows[i]);
    out.y(static_cast<Eigen::Index>(i)) = y(rows[i]);
  }
  return out;
}

namespace {

// The rows kept: a target, and (when asked) no missing feature.
std::vector<int> KeptRows(const Table& table, const Column& target, bool drop_missing_rows) {
  std::vector<int> keep;
  keep.reserve(table.num_rows);
  for (size_t r = 0; r < table.num_rows; ++r) {
    if (target.IsMissing(r)) continue;
    if (drop_missing_rows) {
      bool complete = true;
      for (size_t c = 0; c < table.columns.size() && complete; ++c) {
        complete = !table.columns[c].IsMissing(r);
      }
      if (!complete) continue;
    }
    keep.push_back(static_cast<int>(r));
  }
  return keep;
}

// A categorical target: classification, classes in category order (unused ones left out).
void CategoricalTarget(const Column& tcol, const std::vector<int>& keep, Dataset* ds) {
  ds->task = TaskKind::kClassification;
  std::vector<int32_t> remap(tcol.categories.size(), -1);
  for (int r : keep) remap[tcol.codes[r]] = 0;
  for (size_t c = 0; c < remap.size(); ++c) {
    if (remap[c] < 0) continue;
    remap[c] = static_cast<int32_t>(ds->class_names.size());
    ds->class_names.push_back(tcol.categories[c]);
  }
  for (Eigen::Index i = 0; i < ds->y.size(); ++i) {
    ds->y(i) = static_cast<Scalar>(remap[tcol.codes[keep[i]]]);
  }
}

// A numeric target: classification when forced, or (task "auto") when it takes at most
// kMaxAutoClasses integral values, classes in value order; regression otherwise.
void NumericTarget(const Column& tcol, const std::vector<int>& keep, TaskChoice task, Dataset* ds) {
  // Distinct values: a small flat list while there are few (the common case), else a map.
  std::vector<double> few;
  std::map<double, int> many;
  bool integral = true;
  const bool forced = task == TaskChoice::kClassification;
  for (int r : keep) {
    const double v = tcol.numbers[r];
    if (v != std::floor(v)) integral = false;
    if (few.size() <= kMaxAutoClasses) {
      if (std::find(few.begin(), few.end(), v) == few.end()) few.push_back(v);
    } else if (forced) {
      many[v] = 0;
    } else {
      break;  // more than kMaxAutoClasses values: not an automatic classification
    }
  }
  const Eigen::Index m = ds->y.size();
  if (!forced && !(task == TaskChoice::kAuto && integral && few.size() <= kMaxAutoClasses)) {
    ds->task = TaskKind::kRegression;
    for (Eigen::Index i = 0; i < m; ++i) ds->y(i) = static_cast<Scalar>(tcol.numbers[keep[i]]);
    return;
  }
  ds->task = TaskKind::kClassification;
  for (double v : few) many[v] = 0;
  std::vector<double> values;
  for (auto& [value, id] : many) {
    id = static_cast<int>(ds->class_names.size());
    values.push_back(value);
    ds->class_names.push_back(FormatNumber(value));
  }
  for (Eigen::Index i = 0; i < m; ++i) {
    const double v = tcol.numbers[keep[i]];
    const auto it = std::lower_bound(values.begin(), values.end(), v);
    ds->y(i) = static_cast<Scalar>(it - values.begin());
  }
}

// The feature matrix: numeric columns as they are, categorical ones one-hot (NaN rows for a
// missing category), and the feature names ("color=red"). `width` columns in all.
Status FillFeatures(const Table& table, int target, const std::vector<int>& keep,
                    Eigen::Index width, Dataset* ds) {
  const Eigen::Index m = static_cast<Eigen::Index>(keep.size());
  ds->X.resize(m, width);
  AdviseHugePages(ds->X.data(), static_cast<size_t>(ds->X.size()) * sizeof(Scalar));
  // One pass, row by row: sequential writes, one sequential read stream per column.
  struct Source {
    const double* numbers = nullptr;  // numeric column
    const Column* column = nullptr;   // categorical column (one-hot block)
  };
  std::vector<Source> sources;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (static_cast<int>(c) == target) continue;
    const Column& col = table.columns[c];
    if (col.type == ColumnType::kNumeric) {
      sources.push_back({col.numbers.data(), nullptr});
      ds->feature_names.push_back(col.name);
    } else {
      sources.push_back({nullptr, &col});
      for (const std::string& cat : col.categories) {
        ds->feature_names.push_back(col.name + "=" + cat);
      }
    }
  }
  const Scalar kNaN = std::numeric_limits<Scalar>::quiet_NaN();
  const bool identity = keep.size() == table.num_rows;
  auto fill_rows = [&](Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index i = begin; i < end; ++i) {
      const size_t r = identity ? static_cast<size_t>(i) : static_cast<size_t>(keep[i]);
      Scalar* row = ds->X.data() + i * width;
      for (const Source& s : sources) {
        if (s.numbers != nullptr) {
          *row++ = static_cast<Scalar>(s.numbers[r]);
          continue;
        }
        const int32_t code = s.column->codes[r];
        const size_t k = s.column->categories.size();
        for (size_t t = 0; t < k; ++t) {
          row[t] = code < 0 ? kNaN : (code == static_cast<int32_t>(t) ? Scalar(1) : Scalar(0));
        }
        row += k;
      }
    }
  };
  // Large tables: the rows are shared among the pool's threads (disjoint output rows, read-only
  // input: the result does not depend on the split).
  const int blocks = m * width >= kParallelCells ? 8 : 1;
  ParallelForOptions parallel;
  parallel.max_threads = blocks;
  return ParallelFor(blocks, parallel,
                     [&](int t) { fill_rows(m * t / blocks, m * (t + 1) / blocks); });
}

}  // namespace

Result<Dataset> MakeDataset(const Table& table, const DatasetOptions& options) {
  if (table.columns.empty()) return Status::InvalidArgument(table.source + ": no columns");
  int target = static_cast<int>(table.columns.size()) - 1;
  if (!options.target.empty()) {
    target = table.FindColumn(options.target);
    if (target < 0) {
      return Status::NotFound(table.source + ": no column named '" + options.target + "'");
    }
  }
  if (table.columns.size() < 2) {
    return Status::InvalidArgument(table.source + ": no feature columns besides the target '" +
                                   table.columns[target].name + "'");
  }
  const Column& tcol = table.columns[target];
  const std::vector<int> keep = KeptRows(table, tcol, options.drop_missing_rows);
  if (keep.empty()) {
    return Status::InvalidArgument(table.source + ": no rows left (every row misses the target" +
                                   std::string(options.drop_missing_rows ? " or a feature)" : ")"));
  }

  Dataset ds;
  ds.name = table.source;
  ds.target_name = tcol.name;
  ds.y.resize(static_cast<Eigen::Index>(keep.size()));
  if (tcol.type == ColumnType::kCategorical) {
    if (options.task == TaskChoice::kRegression) {
      return Status::InvalidArgument("target column '" + tcol.name +
                                     "' is categorical; regression needs a numeric target");
    }
    CategoricalTarget(tcol, keep, &ds);
  } else {
    NumericTarget(tcol, keep, options.task, &ds);
  }

  Eigen::Index width = 0;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (static_cast<int>(c) == target) continue;
    const Column& col = table.columns[c];
    width +=
        col.type == ColumnType::kNumeric ? 1 : static_cast<Eigen::Index>(col.categories.size());
  }
  if (width == 0) {
    return Status::InvalidArgument(table.source + ": the feature columns hold no values");
  }
  OPTISCOPE_RETURN_IF_ERROR(FillFeatures(table, target, keep, width, &ds));
  return ds;
}

}  // namespace optiscope
