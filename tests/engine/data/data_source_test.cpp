#include "engine/data/data_source.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace optiscope {
namespace {

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

}  // namespace
}  // namespace optiscope
