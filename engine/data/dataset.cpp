#include "engine/data/dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

namespace optiscope {
namespace {

constexpr int kMaxAutoClasses = 20;

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

Result<Dataset> MakeDataset(const Table& table, const DatasetOptions& options) {
  if (options.task != "auto" && options.task != "classification" &&
      options.task != "regression") {
    return Status::InvalidArgument("unknown task '" + options.task +
                                   "' (expected auto, classification or regression)");
  }
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
  const size_t n = table.num_rows;

  // Rows kept: a target, and (when asked) no missing feature.
  std::vector<int> keep;
  keep.reserve(n);
  for (size_t r = 0; r < n; ++r) {
    if (tcol.IsMissing(r)) continue;
    if (options.drop_missing_rows) {
      bool complete = true;
      for (size_t c = 0; c < table.columns.size() && complete; ++c) {
        complete = !table.columns[c].IsMissing(r);
      }
      if (!complete) continue;
    }
    keep.push_back(static_cast<int>(r));
  }
  if (keep.empty()) {
    return Status::InvalidArgument(table.source + ": no rows left (every row misses the target" +
                                   std::string(options.drop_missing_rows ? " or a feature)" : ")"));
  }

  Dataset ds;
  ds.name = table.source;
  ds.target_name = tcol.name;
  const Eigen::Index m = static_cast<Eigen::Index>(keep.size());
  ds.y.resize(m);

  // Target.
  if (tcol.type == ColumnType::kCategorical) {
    if (options.task == "regression") {
      return Status::InvalidArgument("target column '" + tcol.name +
                                     "' is categorical; regression needs a numeric target");
    }
    ds.task = TaskKind::kClassification;
    std::vector<int32_t> remap(tcol.categories.size(), -1);
    for (int r : keep) remap[tcol.codes[r]] = 0;
    for (size_t c = 0; c < remap.size(); ++c) {
      if (remap[c] < 0) continue;
      remap[c] = static_cast<int32_t>(ds.class_names.size());
      ds.class_names.push_back(tcol.categories[c]);
    }
    for (Eigen::Index i = 0; i < m; ++i) ds.y(i) = static_cast<Scalar>(remap[tcol.codes[keep[i]]]);
  } else {
    std::map<double, int> distinct;
    bool integral = true;
    for (int r : keep) {
      const double v = tcol.numbers[r];
      if (v != std::floor(v)) integral = false;
      if (distinct.size() <= kMaxAutoClasses || options.task == "classification") distinct[v] = 0;
    }
    const bool classify =
        options.task == "classification" ||
        (options.task == "auto" && integral && distinct.size() <= kMaxAutoClasses);
    if (classify) {
      ds.task = TaskKind::kClassification;
      for (auto& [value, id] : distinct) {
        id = static_cast<int>(ds.class_names.size());
        ds.class_names.push_back(FormatNumber(value));
      }
      for (Eigen::Index i = 0; i < m; ++i) {
        ds.y(i) = static_cast<Scalar>(distinct[tcol.numbers[keep[i]]]);
      }
    } else {
      ds.task = TaskKind::kRegression;
      for (Eigen::Index i = 0; i < m; ++i) ds.y(i) = static_cast<Scalar>(tcol.numbers[keep[i]]);
    }
  }

  // Features: numeric columns as they are, categorical ones one-hot.
  Eigen::Index width = 0;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (static_cast<int>(c) == target) continue;
    const Column& col = table.columns[c];
    width += col.type == ColumnType::kNumeric ? 1 : static_cast<Eigen::Index>(col.categories.size());
  }
  if (width == 0) {
    return Status::InvalidArgument(table.source + ": the feature columns hold no values");
  }
  ds.X.resize(m, width);
  const Scalar kNaN = std::numeric_limits<Scalar>::quiet_NaN();
  const bool identity = keep.size() == n;
  Eigen::Index out = 0;
  constexpr Eigen::Index kBlock = 512;  // rows per block: keeps the written rows in cache
  for (Eigen::Index i0 = 0; i0 < m; i0 += kBlock) {
    const Eigen::Index i1 = std::min(m, i0 + kBlock);
    out = 0;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (static_cast<int>(c) == target) continue;
      const Column& col = table.columns[c];
      if (col.type == ColumnType::kNumeric) {
        const double* src = col.numbers.data();
        for (Eigen::Index i = i0; i < i1; ++i) {
          ds.X(i, out) = static_cast<Scalar>(src[identity ? i : keep[i]]);
        }
        ++out;
      } else {
        const Eigen::Index k = static_cast<Eigen::Index>(col.categories.size());
        for (Eigen::Index i = i0; i < i1; ++i) {
          const int32_t code = col.codes[identity ? i : keep[i]];
          for (Eigen::Index t = 0; t < k; ++t) {
            ds.X(i, out + t) = code < 0 ? kNaN : (code == t ? Scalar(1) : Scalar(0));
          }
        }
        out += k;
      }
    }
  }
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (static_cast<int>(c) == target) continue;
    const Column& col = table.columns[c];
    if (col.type == ColumnType::kNumeric) {
      ds.feature_names.push_back(col.name);
    } else {
      for (const std::string& cat : col.categories) ds.feature_names.push_back(col.name + "=" + cat);
    }
  }
  return ds;
}

}  // namespace optiscope
