// A dataset turned back into a table: features as numeric columns, the target as classes or
// numbers, so generated data can be profiled like a CSV.
#include "engine/data/dataset_table.h"

#include <gtest/gtest.h>

#include "engine/data/synthetic.h"

namespace optiscope {
namespace dataset_table_test {

TEST(DatasetTableTest, ClassificationTargetBecomesACategoricalColumn) {
  SyntheticOptions options;
  options.kind = SyntheticKind::kBlobs;
  options.n = 30;
  options.classes = 3;
  options.features = 2;
  Result<Dataset> d = MakeSynthetic(options);
  ASSERT_TRUE(d.ok()) << d.status().message();
  const Table t = DatasetAsTable(*d);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.num_rows, 30u);
  EXPECT_EQ(t.columns[0].type, ColumnType::kNumeric);
  EXPECT_EQ(t.columns[0].name, d->feature_names[0]);
  EXPECT_FLOAT_EQ(static_cast<float>(t.columns[1].numbers[7]), d->X(7, 1));
  const Column& target = t.columns[2];
  EXPECT_EQ(target.type, ColumnType::kCategorical);
  EXPECT_EQ(target.categories, d->class_names);
  EXPECT_EQ(target.codes[4], static_cast<int32_t>(d->y(4)));
  EXPECT_EQ(target.missing, 0);
}

TEST(DatasetTableTest, RegressionTargetStaysNumeric) {
  SyntheticOptions options;
  options.kind = SyntheticKind::kLinear;
  options.n = 20;
  Result<Dataset> d = MakeSynthetic(options);
  ASSERT_TRUE(d.ok());
  const Table t = DatasetAsTable(*d);
  const Column& target = t.columns.back();
  EXPECT_EQ(target.type, ColumnType::kNumeric);
  EXPECT_FLOAT_EQ(static_cast<float>(target.numbers[3]), d->y(3));
}

}  // namespace dataset_table_test
}  // namespace optiscope
