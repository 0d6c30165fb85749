// ColumnProfile: what a data inspector (as Weka's Preprocess panel or Orange's Feature Statistics)
// shows about every column of a table: type, missing cells, range and mean, the distribution as
// bars, the association with the target, and whether the column is (nearly) a copy of the target,
// i.e. would leak it into the features. Pure functions over a parsed Table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/data/histogram.h"
#include "engine/data/table.h"

namespace optiscope {

// How a column's association with the target is measured (engine/data/association.h).
enum class AssociationKind {
  kNone,              // the target itself, or no measure (too few complete rows, constant column)
  kPearson,           // numeric column, regression target: Pearson's r, in [-1, 1]
  kCorrelationRatio,  // numeric column and class target, or categorical column and regression
                      // target: the correlation ratio eta, in [0, 1]
  kCramersV,          // categorical column, class target: Cramér's V, in [0, 1]
};
// Short name of a measure: "" (none), "r", "eta", "V".
const char* AssociationSymbol(AssociationKind kind);

// One column's profile. Statistics that do not apply are NaN.
struct ColumnProfile {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  bool is_target = false;
  int64_t missing = 0;   // missing cells
  int64_t distinct = 0;  // distinct non-missing values
  double min = 0.0;      // numeric: over the non-missing values; NaN when there is none
  double max = 0.0;
  double mean = 0.0;
  double stddev = 0.0;   // sample standard deviation (n - 1); NaN below 2 values
  // Numeric: equal-width bins (EqualWidthHistogram); categorical: bars (CategoryBars).
  std::vector<HistogramBin> bins;
  // With the target, over the rows where both are present; NaN with kind kNone.
  AssociationKind association_kind = AssociationKind::kNone;
  double association = 0.0;
  // (Nearly) a copy of the target: |r| or eta at least ProfileOptions::near_copy, or, for a
  // categorical column and a class target, each predicting the other by majority on at least that
  // share of rows. `leakage_reason` says which, with the figure ("nearly a copy of the target:
  // r = 0.999").
  bool leakage = false;
  std::string leakage_reason;
};

struct TableProfile {
  int64_t rows = 0;
  int target = -1;  // index of the target column in `columns`
  TaskKind task = TaskKind::kClassification;  // how the target was read
  std::vector<ColumnProfile> columns;         // in table order, the target included

  // Names of the columns flagged as leakage, in table order.
  std::vector<std::string> LeakingColumns() const;
};

struct ProfileOptions {
  std::string target;  // empty: the last column
  // How the target is read: its classes (grouped by value) or its numbers. Unset: a categorical
  // target is classification and a numeric one regression. (Give the task MakeDataset found, so
  // that a numeric target with few integer values counts as classes, as training will.)
  std::optional<TaskKind> task;
  int max_bins = 20;  // numeric histograms: at most this many bins (>= 1)
  int max_bars = 8;   // categorical bars: at most this many, the last one "other" (>= 2)
  // A column is "nearly a copy" from this association on. 0.98 flags a copy with up to ~2% of
  // its cells changed, and no feature of the built-in datasets (iris petal length: eta 0.97).
  double near_copy = 0.98;
};

// Profiles every column of `table`. Errors: no columns; NotFound for an unknown target name.
// Linear in the cells, plus a sort per categorical column and per numeric column (distinct
// values): run it off a GUI thread for large tables. Thread-safe (no shared state).
Result<TableProfile> ProfileTable(const Table& table, const ProfileOptions& options = {});

}  // namespace optiscope
