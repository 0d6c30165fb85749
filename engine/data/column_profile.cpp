#include "engine/data/column_profile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "engine/core/str_cat.h"
#include "engine/core/types.h"
#include "engine/data/association.h"

namespace optiscope {
namespace {

// The target as the profile reads it: class ids, or numbers.
struct ProfileTarget {
  bool classes = false;
  std::vector<int32_t> labels;                  // classes: id per row, -1 where missing
  int num_classes = 0;
  const std::vector<double>* values = nullptr;  // numbers: value per row, NaN where missing
};

ProfileTarget ReadProfileTarget(const Column& column, bool classes) {
  ProfileTarget target;
  target.classes = classes || column.type == ColumnType::kCategorical;
  if (!target.classes) {
    target.values = &column.numbers;
    return target;
  }
  if (column.type == ColumnType::kCategorical) {
    target.labels = column.codes;
    target.num_classes = static_cast<int>(column.categories.size());
    return target;
  }
  std::map<double, int32_t> ids;  // a numeric target read as classes: one id per value
  for (double v : column.numbers) {
    if (!std::isnan(v)) ids.emplace(v, 0);
  }
  int32_t next = 0;
  for (auto& [value, id] : ids) id = next++;
  target.num_classes = next;
  target.labels.reserve(column.numbers.size());
  for (double v : column.numbers) target.labels.push_back(std::isnan(v) ? -1 : ids.at(v));
  return target;
}

// A figure in a reason: three decimals (a share: a percentage with one).
std::string ProfileFigure(double v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3f", v);
  return text;
}
std::string ProfilePercent(double share) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100 * share);
  return text;
}

void ProfileNumeric(const Column& column, int max_bins, ColumnProfile* p) {
  std::vector<double> present;
  present.reserve(column.numbers.size());
  for (double v : column.numbers) {
    if (!std::isnan(v)) present.push_back(v);
  }
  p->missing = static_cast<int64_t>(column.numbers.size() - present.size());
  p->bins = EqualWidthHistogram(present, max_bins);
  p->min = p->max = p->mean = p->stddev = kNaN;
  if (present.empty()) return;
  double sum = 0;
  for (double v : present) sum += v;
  const double n = static_cast<double>(present.size());
  p->mean = sum / n;
  if (present.size() >= 2) {
    double squares = 0;
    for (double v : present) squares += (v - p->mean) * (v - p->mean);
    p->stddev = std::sqrt(squares / (n - 1));
  }
  std::sort(present.begin(), present.end());
  p->min = present.front();
  p->max = present.back();
  p->distinct = std::unique(present.begin(), present.end()) - present.begin();
}

void ProfileCategorical(const Column& column, int max_bars, ColumnProfile* p) {
  std::vector<bool> seen(column.categories.size(), false);
  for (int32_t code : column.codes) {
    if (code < 0) {
      ++p->missing;
    } else {
      seen[static_cast<size_t>(code)] = true;
    }
  }
  p->distinct = std::count(seen.begin(), seen.end(), true);
  p->bins = CategoryBars(column.codes, column.categories, max_bars);
  p->min = p->max = p->mean = p->stddev = kNaN;
}

// The rows where a column and the target are both present, split by side: labels (a class or a
// category) and numbers.
struct ProfilePairs {
  std::vector<int32_t> column_labels;   // categorical column: its category
  std::vector<double> column_numbers;   // numeric column: its value
  std::vector<int32_t> target_labels;   // class target: the class
  std::vector<double> target_numbers;   // regression target: the value
};

ProfilePairs CompletePairs(const Column& column, const ProfileTarget& target) {
  const bool numeric = column.type == ColumnType::kNumeric;
  const size_t rows = numeric ? column.numbers.size() : column.codes.size();
  ProfilePairs pairs;
  for (size_t r = 0; r < rows; ++r) {
    if (column.IsMissing(r)) continue;
    if (target.classes ? target.labels[r] < 0 : std::isnan((*target.values)[r])) continue;
    if (numeric) {
      pairs.column_numbers.push_back(column.numbers[r]);
    } else {
      pairs.column_labels.push_back(column.codes[r]);
    }
    if (target.classes) {
      pairs.target_labels.push_back(target.labels[r]);
    } else {
      pairs.target_numbers.push_back((*target.values)[r]);
    }
  }
  return pairs;
}

// The association with the target over the complete pairs, and the near-copy test.
void ProfileAssociation(const Column& column, const ProfileTarget& target, double near_copy,
                        ColumnProfile* p) {
  const ProfilePairs pairs = CompletePairs(column, target);
  const int levels = static_cast<int>(column.categories.size());
  std::string figure;  // the leakage reason's figure
  if (column.type == ColumnType::kNumeric && !target.classes) {
    p->association_kind = AssociationKind::kPearson;
    p->association = PearsonCorrelation(pairs.column_numbers, pairs.target_numbers);
    p->leakage = std::abs(p->association) >= near_copy;
    figure = StrCat({"r = ", ProfileFigure(p->association)});
  } else if (column.type == ColumnType::kNumeric) {
    // Eta near 1: the class almost fixes the value (a number that encodes the class).
    p->association_kind = AssociationKind::kCorrelationRatio;
    p->association =
        CorrelationRatio(pairs.target_labels, target.num_classes, pairs.column_numbers);
    p->leakage = p->association >= near_copy;
    figure = StrCat({"eta = ", ProfileFigure(p->association)});
  } else if (target.classes) {
    p->association_kind = AssociationKind::kCramersV;
    p->association =
        CramersV(pairs.column_labels, levels, pairs.target_labels, target.num_classes);
    const MajorityAgreement agreement =
        MajorityAgreementOf(pairs.column_labels, levels, pairs.target_labels, target.num_classes);
    const double both = std::min(agreement.a_to_b, agreement.b_to_a);
    p->leakage = !pairs.column_labels.empty() && both >= near_copy;
    figure = StrCat({"each gives the other on ", ProfilePercent(both), " of the rows"});
  } else {
    p->association_kind = AssociationKind::kCorrelationRatio;
    p->association = CorrelationRatio(pairs.column_labels, levels, pairs.target_numbers);
    // An identifier (about one row per category) fixes any target trivially: not a copy.
    const bool repeats = p->distinct * 2 <= static_cast<int64_t>(pairs.column_labels.size());
    p->leakage = repeats && p->association >= near_copy;
    figure = StrCat({"eta = ", ProfileFigure(p->association)});
  }
  if (std::isnan(p->association)) p->association_kind = AssociationKind::kNone;
  if (p->leakage) p->leakage_reason = StrCat({"nearly a copy of the target (", figure, ")"});
}

}  // namespace

const char* AssociationSymbol(AssociationKind kind) {
  switch (kind) {
    case AssociationKind::kNone:
      return "";
    case AssociationKind::kPearson:
      return "r";
    case AssociationKind::kCorrelationRatio:
      return "eta";
    case AssociationKind::kCramersV:
      return "V";
  }
  return "";
}

std::vector<std::string> TableProfile::LeakingColumns() const {
  std::vector<std::string> names;
  for (const ColumnProfile& c : columns) {
    if (c.leakage) names.push_back(c.name);
  }
  return names;
}

Result<TableProfile> ProfileTable(const Table& table, const ProfileOptions& options) {
  if (table.columns.empty()) return Status::InvalidArgument(table.source + ": no columns");
  int target = static_cast<int>(table.columns.size()) - 1;
  if (!options.target.empty()) {
    target = table.FindColumn(options.target);
    if (target < 0) {
      return Status::NotFound(
          StrCat({table.source, ": no column named '", options.target, "'"}));
    }
  }
  const Column& target_column = table.columns[static_cast<size_t>(target)];
  const bool classes = options.task ? *options.task == TaskKind::kClassification
                                    : target_column.type == ColumnType::kCategorical;
  const ProfileTarget read = ReadProfileTarget(target_column, classes);
  TableProfile profile;
  profile.rows = static_cast<int64_t>(table.num_rows);
  profile.target = target;
  profile.task = read.classes ? TaskKind::kClassification : TaskKind::kRegression;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    ColumnProfile p;
    p.name = column.name;
    p.type = column.type;
    p.is_target = static_cast<int>(c) == target;
    if (column.type == ColumnType::kNumeric) {
      ProfileNumeric(column, options.max_bins, &p);
    } else {
      ProfileCategorical(column, std::max(2, options.max_bars), &p);
    }
    p.association = kNaN;
    if (!p.is_target) ProfileAssociation(column, read, options.near_copy, &p);
    profile.columns.push_back(std::move(p));
  }
  return profile;
}

}  // namespace optiscope
