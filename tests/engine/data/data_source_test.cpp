#include "engine/data/data_source.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace optiscope {
namespace data_source_test {

TEST(DataSourceTest, BuiltinSyntheticAndCsv) {
  DataConfig data;
  data.source = "wine";
  Result<Dataset> wine = LoadDataset(data);
  ASSERT_TRUE(wine.ok()) << wine.status().message();
  EXPECT_EQ(wine->NumRows(), 178);
  EXPECT_EQ(wine->NumClasses(), 3);

  data.source = "synthetic";
  data.synthetic.kind = SyntheticKind::kCircles;
  data.synthetic.n = 50;
  Result<Dataset> syn = LoadDataset(data);
  ASSERT_TRUE(syn.ok());
  EXPECT_EQ(syn->NumRows(), 50);

  const std::string path = ::testing::TempDir() + "/data_source_test.csv";
  {
    std::ofstream out(path);
    out << "a;b;y\n1;2;x\n;3;y\n4;5;x\n";
  }
  data.source = path;
  data.missing = MissingPolicy::kDrop;
  Result<Dataset> csv = LoadDataset(data);
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(csv->NumRows(), 2);
  data.missing = MissingPolicy::kMean;
  data.target = "a";
  data.task = TaskChoice::kRegression;
  csv = LoadDataset(data);
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(csv->NumRows(), 2);  // missing target dropped
  EXPECT_EQ(csv->task, TaskKind::kRegression);
  EXPECT_EQ(csv->feature_names, (std::vector<std::string>{"b", "y=x", "y=y"}));
  std::remove(path.c_str());

  data.source = "/nonexistent/file.csv";
  EXPECT_EQ(LoadDataset(data).status().code(), StatusCode::kNotFound);
}

// data.drop_columns leaves columns out of the features; the target stays the last column of the
// file even when the last columns around it are dropped; mistakes are errors naming the column.
TEST(DataSourceTest, DropColumnsLeavesThemOutOfTheFeatures) {
  const std::string path = ::testing::TempDir() + "/drop_columns_test.csv";
  {
    std::ofstream out(path);
    out << "id,size,price_copy,rooms,price\n";
    for (int i = 0; i < 30; ++i) {
      out << i << "," << 50 + i << "," << 100 + 3 * i << "," << 1 + i % 4 << "," << 100 + 3 * i
          << "\n";
    }
  }
  DataConfig data;
  data.source = path;
  data.task = TaskChoice::kRegression;
  data.drop_columns = " id , price_copy";
  Result<Dataset> ds = LoadDataset(data);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  EXPECT_EQ(ds->feature_names, (std::vector<std::string>{"size", "rooms"}));
  EXPECT_EQ(ds->target_name, "price");
  EXPECT_FLOAT_EQ(ds->y[29], 187.0f);

  // The target named explicitly; the last column then is a feature.
  data.target = "rooms";
  data.drop_columns = "id,price_copy";
  ds = LoadDataset(data);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  EXPECT_EQ(ds->feature_names, (std::vector<std::string>{"size", "price"}));

  data.target.clear();
  data.drop_columns = "price_cpy";
  ds = LoadDataset(data);
  ASSERT_FALSE(ds.ok());
  EXPECT_EQ(ds.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ds.status().message().find("no column named 'price_cpy' (did you mean 'price_copy'?)"),
            std::string::npos)
      << ds.status().message();

  data.drop_columns = "id,price";  // the target (the last column)
  ds = LoadDataset(data);
  ASSERT_FALSE(ds.ok());
  EXPECT_NE(ds.status().message().find("'price' is the target column"), std::string::npos)
      << ds.status().message();

  data.source = "synthetic";
  data.drop_columns = "x1";
  EXPECT_FALSE(LoadDataset(data).ok());
  std::remove(path.c_str());
}

}  // namespace data_source_test
}  // namespace optiscope
