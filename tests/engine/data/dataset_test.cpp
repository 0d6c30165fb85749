#include "engine/data/dataset.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/data/csv_reader.h"

namespace optiscope {
namespace dataset_test {

Table Parse(std::string_view text) {
  Result<Table> t = ParseCsv(text, "t.csv");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return std::move(t).value();
}

TEST(DatasetTest, OneHotAndNamedClasses) {
  const Table t = Parse("x,color,label\n1,red,cat\n2,blue,dog\n3,,cat\n4,red,bird\n");
  Result<Dataset> ds = MakeDataset(t);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  EXPECT_EQ(ds->task, TaskKind::kClassification);
  EXPECT_EQ(ds->target_name, "label");
  EXPECT_EQ(ds->class_names, (std::vector<std::string>{"cat", "dog", "bird"}));
  EXPECT_EQ(ds->feature_names, (std::vector<std::string>{"x", "color=red", "color=blue"}));
  ASSERT_EQ(ds->NumRows(), 4);
  ASSERT_EQ(ds->NumFeatures(), 3);
  EXPECT_EQ(ds->X(0, 0), 1.0f);
  EXPECT_EQ(ds->X(0, 1), 1.0f);
  EXPECT_EQ(ds->X(0, 2), 0.0f);
  EXPECT_EQ(ds->X(1, 1), 0.0f);
  EXPECT_EQ(ds->X(1, 2), 1.0f);
  EXPECT_TRUE(std::isnan(ds->X(2, 1)));
  EXPECT_TRUE(std::isnan(ds->X(2, 2)));
  EXPECT_EQ(ds->y(0), 0.0f);
  EXPECT_EQ(ds->y(1), 1.0f);
  EXPECT_EQ(ds->y(3), 2.0f);
}

TEST(DatasetTest, NumericTargetAutoTask) {
  // Few integer values: classification with sorted value names.
  Result<Dataset> c = MakeDataset(Parse("a,b\n0.5,3\n1.5,-1\n2.5,3\n"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->task, TaskKind::kClassification);
  EXPECT_EQ(c->class_names, (std::vector<std::string>{"-1", "3"}));
  EXPECT_EQ(c->y(0), 1.0f);
  EXPECT_EQ(c->y(1), 0.0f);
  // A fractional value: regression.
  Result<Dataset> r = MakeDataset(Parse("a,b\n1,0.5\n2,1\n"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->task, TaskKind::kRegression);
  EXPECT_EQ(r->y(0), 0.5f);
  EXPECT_TRUE(r->class_names.empty());
  // 21 distinct integers: regression; forced classification: 21 classes.
  std::string text = "a,b\n";
  for (int i = 0; i < 21; ++i) text += std::to_string(i) + "," + std::to_string(i) + "\n";
  EXPECT_EQ(MakeDataset(Parse(text))->task, TaskKind::kRegression);
  DatasetOptions force;
  force.task = TaskChoice::kClassification;
  EXPECT_EQ(MakeDataset(Parse(text), force)->NumClasses(), 21);
}

TEST(DatasetTest, TargetChoiceMissingRowsAndErrors) {
  const Table t = Parse("a,b,c\n1,2,3\n4,,6\n7,8,\n10,11,12\n");
  DatasetOptions opts;
  opts.target = "a";
  opts.task = TaskChoice::kRegression;
  Result<Dataset> ds = MakeDataset(t, opts);
  ASSERT_TRUE(ds.ok());
  EXPECT_EQ(ds->feature_names, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(ds->NumRows(), 4);
  EXPECT_TRUE(std::isnan(ds->X(1, 0)));
  opts.drop_missing_rows = true;
  ds = MakeDataset(t, opts);
  ASSERT_TRUE(ds.ok());
  EXPECT_EQ(ds->NumRows(), 2);
  EXPECT_EQ(ds->y(1), 10.0f);
  // Missing target rows always dropped (target c: row 3 goes).
  DatasetOptions regression;
  regression.task = TaskChoice::kRegression;
  Result<Dataset> last = MakeDataset(t, regression);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->NumRows(), 3);
  EXPECT_EQ(
      MakeDataset(t, DatasetOptions{.target = "zzz", .task = TaskChoice::kAuto}).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(MakeDataset(Parse("a\n1\n2\n")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeDataset(Parse("a,b\n1,\n2,\n"), regression).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeDataset(Parse("a,b\n1,x\n2,y\n"), regression).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(DatasetTest, SubsetKeepsRowsInOrder) {
  Result<Dataset> ds = MakeDataset(Parse("a,b\n1,0\n2,1\n3,0\n"));
  ASSERT_TRUE(ds.ok());
  const std::vector<int> rows = {2, 0};
  const Dataset sub = ds->Subset(rows);
  ASSERT_EQ(sub.NumRows(), 2);
  EXPECT_EQ(sub.X(0, 0), 3.0f);
  EXPECT_EQ(sub.X(1, 0), 1.0f);
  EXPECT_EQ(sub.y(0), 0.0f);
  EXPECT_EQ(sub.class_names, ds->class_names);
  EXPECT_STREQ(TaskKindName(TaskKind::kRegression), "regression");
  EXPECT_STREQ(TaskKindName(TaskKind::kClassification), "classification");
}

TEST(DatasetTest, LargeTableFillsEveryCell) {
  // Big enough for the multi-threaded fill; every cell is checked.
  const int rows = 250000, numeric = 15;
  Table t;
  t.source = "big";
  t.num_rows = rows;
  for (int c = 0; c < numeric; ++c) {
    Column col;
    col.name = "f";
    col.name += std::to_string(c);
    for (int r = 0; r < rows; ++r) col.numbers.push_back(r % 1000 + c * 0.5);
    t.columns.push_back(std::move(col));
  }
  Column cat;
  cat.name = "color";
  cat.type = ColumnType::kCategorical;
  cat.categories = {"red", "blue"};
  for (int r = 0; r < rows; ++r) cat.codes.push_back(r % 3 == 2 ? -1 : r % 3);
  t.columns.push_back(std::move(cat));
  Column y;
  y.name = "y";
  for (int r = 0; r < rows; ++r) y.numbers.push_back(r % 2);
  t.columns.push_back(std::move(y));
  Result<Dataset> ds = MakeDataset(t);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->NumRows(), rows);
  ASSERT_EQ(ds->NumFeatures(), numeric + 2);
  int wrong = 0;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < numeric; ++c) {
      wrong += ds->X(r, c) != static_cast<float>(r % 1000 + c * 0.5);
    }
    if (r % 3 == 2) {
      wrong += !(std::isnan(ds->X(r, numeric)) && std::isnan(ds->X(r, numeric + 1)));
    } else {
      wrong += ds->X(r, numeric) != (r % 3 == 0 ? 1.0f : 0.0f);
      wrong += ds->X(r, numeric + 1) != (r % 3 == 1 ? 1.0f : 0.0f);
    }
    wrong += ds->y(r) != static_cast<float>(r % 2);
  }
  EXPECT_EQ(wrong, 0);
}

}  // namespace dataset_test
}  // namespace optiscope
