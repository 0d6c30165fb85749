// The data inspector's column profiles: statistics against values computed by hand, missing
// counts, categorical columns, and the leakage test (copies of the target flagged, a noisy
// unrelated column and an identifier not).
#include "engine/data/column_profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/str_cat.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/csv_reader.h"

namespace optiscope {
namespace column_profile_test {

Table Parse(std::string_view text) {
  Result<Table> t = ParseCsv(text, "t.csv");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return std::move(t).value();
}

const ColumnProfile& Named(const TableProfile& p, const std::string& name) {
  for (const ColumnProfile& c : p.columns) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no column " << name;
  return p.columns.front();
}

// 200 rows: a regression target y, an exact linear copy (2y + 1), a near copy (y plus at most
// 0.03; y spans 0..10), and an unrelated column (r = 0.056 with y).
std::string RegressionCsv() {
  std::string csv = "noise,copy,near,y\n";
  for (int i = 0; i < 200; ++i) {
    const double y = (i * 37 % 101) / 10.0;
    const double noise = (i * 53 % 97) / 7.0;
    const double wiggle = ((i * 13 % 7) - 3) * 0.01;
    StrAppend(&csv, {ShortestText(noise), ",", ShortestText(2 * y + 1), ",",
                     ShortestText(y + wiggle), ",", ShortestText(y), "\n"});
  }
  return csv;
}

// 200 rows: a class target "label" (a, b, c by row), a relabelled copy with one row changed, the
// class as a number, a unique identifier, and an unrelated number.
std::string ClassificationCsv() {
  std::string csv = "id,code,noise,label_copy,label\n";
  const char* labels[] = {"a", "b", "c"};
  const char* copies[] = {"A", "B", "C"};
  for (int i = 0; i < 200; ++i) {
    const char* copy = i == 5 ? "A" : copies[i % 3];  // row 5 is class c
    StrAppend(&csv, {"r", std::to_string(i), ",", std::to_string(i % 3), ",",
                     ShortestText((i * 53 % 97) / 7.0), ",", copy, ",", labels[i % 3], "\n"});
  }
  return csv;
}

TEST(ColumnProfileTest, StatisticsAndMissingCountsMatchHandValues) {
  const Table t = Parse("x,c,t\n1,u,a\n3,v,b\n,u,a\n8,,b\n");
  Result<TableProfile> p = ProfileTable(t);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->rows, 4);
  EXPECT_EQ(p->target, 2);
  EXPECT_EQ(p->task, TaskKind::kClassification);
  const ColumnProfile& x = Named(*p, "x");
  EXPECT_EQ(x.type, ColumnType::kNumeric);
  EXPECT_EQ(x.missing, 1);
  EXPECT_EQ(x.distinct, 3);
  EXPECT_DOUBLE_EQ(x.min, 1.0);
  EXPECT_DOUBLE_EQ(x.max, 8.0);
  EXPECT_DOUBLE_EQ(x.mean, 4.0);
  EXPECT_NEAR(x.stddev, std::sqrt(13.0), 1e-12);  // (9 + 1 + 16) / 2
  int64_t counted = 0;
  for (const HistogramBin& b : x.bins) counted += b.count;
  EXPECT_EQ(counted, 3);
  // x with the class: pairs (1, a), (3, b), (8, b); between 9 + 4.5 over a total of 26.
  EXPECT_EQ(x.association_kind, AssociationKind::kCorrelationRatio);
  EXPECT_NEAR(x.association, std::sqrt(13.5 / 26.0), 1e-12);
  EXPECT_FALSE(x.is_target);
  EXPECT_TRUE(Named(*p, "t").is_target);
  EXPECT_EQ(Named(*p, "t").association_kind, AssociationKind::kNone);
}

TEST(ColumnProfileTest, CategoricalColumnsCountCategories) {
  const Table t = Parse("x,c,t\n1,u,a\n3,v,b\n,u,a\n8,,b\n");
  Result<TableProfile> p = ProfileTable(t);
  ASSERT_TRUE(p.ok());
  const ColumnProfile& c = Named(*p, "c");
  EXPECT_EQ(c.type, ColumnType::kCategorical);
  EXPECT_EQ(c.missing, 1);
  EXPECT_EQ(c.distinct, 2);
  EXPECT_TRUE(std::isnan(c.min) && std::isnan(c.mean));
  ASSERT_EQ(c.bins.size(), 2u);
  EXPECT_EQ(c.bins[0].label, "u");
  EXPECT_EQ(c.bins[0].count, 2);
  EXPECT_EQ(c.bins[1].label, "v");
  // c with the class, pairs (u, a) (v, b) (u, a): a relabelling of the class where both are
  // present, so V = 1 and a copy.
  EXPECT_EQ(c.association_kind, AssociationKind::kCramersV);
  EXPECT_NEAR(c.association, 1.0, 1e-12);
  EXPECT_TRUE(c.leakage);
}

TEST(ColumnProfileTest, CopiesOfARegressionTargetAreLeakageNoiseIsNot) {
  const Table t = Parse(RegressionCsv());
  Result<TableProfile> p = ProfileTable(t);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->task, TaskKind::kRegression);
  const ColumnProfile& copy = Named(*p, "copy");
  EXPECT_EQ(copy.association_kind, AssociationKind::kPearson);
  EXPECT_NEAR(copy.association, 1.0, 1e-9);
  EXPECT_TRUE(copy.leakage);
  EXPECT_EQ(copy.leakage_reason, "nearly a copy of the target (r = 1.000)");
  EXPECT_TRUE(Named(*p, "near").leakage);
  const ColumnProfile& noise = Named(*p, "noise");
  EXPECT_NEAR(noise.association, 0.0562, 1e-3);
  EXPECT_FALSE(noise.leakage);
  EXPECT_TRUE(noise.leakage_reason.empty());
  EXPECT_FALSE(Named(*p, "y").leakage);
  EXPECT_EQ(p->LeakingColumns(), (std::vector<std::string>{"copy", "near"}));
}

TEST(ColumnProfileTest, CopiesOfAClassTargetAreLeakageAnIdentifierIsNot) {
  const Table t = Parse(ClassificationCsv());
  Result<TableProfile> p = ProfileTable(t);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->task, TaskKind::kClassification);
  const ColumnProfile& relabelled = Named(*p, "label_copy");
  EXPECT_EQ(relabelled.association_kind, AssociationKind::kCramersV);
  EXPECT_TRUE(relabelled.leakage);  // 199 of 200 rows agree both ways
  EXPECT_EQ(relabelled.leakage_reason,
            "nearly a copy of the target (each gives the other on 99.5% of the rows)");
  const ColumnProfile& code = Named(*p, "code");
  EXPECT_EQ(code.association_kind, AssociationKind::kCorrelationRatio);
  EXPECT_NEAR(code.association, 1.0, 1e-12);
  EXPECT_TRUE(code.leakage);
  // An identifier predicts the class of its one row, but the class does not give it back.
  const ColumnProfile& id = Named(*p, "id");
  EXPECT_EQ(id.distinct, 200);
  EXPECT_FALSE(id.leakage);
  const ColumnProfile& noise = Named(*p, "noise");
  EXPECT_LT(noise.association, 0.1);
  EXPECT_FALSE(noise.leakage);
  EXPECT_EQ(p->LeakingColumns(), (std::vector<std::string>{"code", "label_copy"}));
}

TEST(ColumnProfileTest, TheTaskDecidesHowANumericTargetIsRead) {
  // A numeric class code as target: by default numbers (r), read as classes it groups (eta).
  const Table t = Parse("x,k\n1,0\n2,1\n3,2\n1,0\n2,1\n3,2\n");
  Result<TableProfile> numbers = ProfileTable(t);
  ASSERT_TRUE(numbers.ok());
  EXPECT_EQ(numbers->task, TaskKind::kRegression);
  EXPECT_EQ(numbers->columns[0].association_kind, AssociationKind::kPearson);
  ProfileOptions options;
  options.task = TaskKind::kClassification;
  Result<TableProfile> classes = ProfileTable(t, options);
  ASSERT_TRUE(classes.ok());
  EXPECT_EQ(classes->task, TaskKind::kClassification);
  EXPECT_EQ(classes->columns[0].association_kind, AssociationKind::kCorrelationRatio);
  EXPECT_TRUE(classes->columns[0].leakage);
}

TEST(ColumnProfileTest, ChosenTargetAndErrors) {
  const Table t = Parse("a,b,c\n1,2,3\n4,5,7\n9,1,1\n");
  ProfileOptions options;
  options.target = "a";
  Result<TableProfile> p = ProfileTable(t, options);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->target, 0);
  EXPECT_TRUE(p->columns[0].is_target);
  options.target = "zz";
  Result<TableProfile> missing = ProfileTable(t, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("'zz'"), std::string::npos);
  EXPECT_FALSE(ProfileTable(Table{}).ok());
}

TEST(ColumnProfileTest, AConstantColumnHasNoAssociation) {
  const Table t = Parse("k,y\n5,1.5\n5,2.5\n5,0.5\n");
  Result<TableProfile> p = ProfileTable(t);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->columns[0].association_kind, AssociationKind::kNone);
  EXPECT_TRUE(std::isnan(p->columns[0].association));
  EXPECT_FALSE(p->columns[0].leakage);
  ASSERT_EQ(p->columns[0].bins.size(), 1u);
}

// The threshold leaves real features alone: no column of a built-in dataset is flagged, though
// some are strong (iris petal length has eta 0.97 with the species).
TEST(ColumnProfileTest, NoBuiltinFeatureIsFlagged) {
  for (const BuiltinInfo& info : ListBuiltinDatasets()) {
    Result<Table> table = LoadBuiltinTable(info.name);
    ASSERT_TRUE(table.ok()) << info.name;
    Result<Dataset> dataset = MakeDataset(*table);
    ASSERT_TRUE(dataset.ok()) << info.name;
    ProfileOptions options;
    options.task = dataset->task;
    Result<TableProfile> p = ProfileTable(*table, options);
    ASSERT_TRUE(p.ok()) << info.name;
    double strongest = 0;
    for (const ColumnProfile& c : p->columns) {
      if (!c.is_target && std::isfinite(c.association)) {
        strongest = std::max(strongest, std::abs(c.association));
      }
    }
    EXPECT_TRUE(p->LeakingColumns().empty()) << info.name << ": " << p->LeakingColumns().front();
    EXPECT_GT(strongest, 0.3) << info.name;  // and they do go with their targets
    EXPECT_LT(strongest, 0.98) << info.name;
  }
}

}  // namespace column_profile_test
}  // namespace optiscope
