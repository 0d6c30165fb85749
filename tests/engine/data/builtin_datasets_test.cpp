#include "engine/data/builtin_datasets.h"

#include <gtest/gtest.h>

namespace optiscope {
namespace builtin_datasets_test {

TEST(BuiltinDatasetsTest, ListMatchesTheReadme) {
  const std::vector<BuiltinInfo> infos = ListBuiltinDatasets();
  ASSERT_EQ(infos.size(), 5u);
  struct Expected {
    const char* name;
    int rows, features;
    TaskKind task;
    int classes;
  };
  const Expected expected[] = {
      {"breast_cancer", 569, 30, TaskKind::kClassification, 2},
      {"diabetes", 442, 10, TaskKind::kRegression, 0},
      {"digits", 1797, 64, TaskKind::kClassification, 10},
      {"iris", 150, 4, TaskKind::kClassification, 3},
      {"wine", 178, 13, TaskKind::kClassification, 3},
  };
  for (size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(infos[i].name, expected[i].name);
    EXPECT_EQ(infos[i].rows, expected[i].rows) << infos[i].name;
    EXPECT_EQ(infos[i].features, expected[i].features) << infos[i].name;
    EXPECT_EQ(infos[i].task, expected[i].task) << infos[i].name;
    EXPECT_EQ(infos[i].classes, expected[i].classes) << infos[i].name;
    EXPECT_FALSE(infos[i].description.empty());
  }
}

TEST(BuiltinDatasetsTest, IrisContent) {
  EXPECT_TRUE(IsBuiltinDataset("iris"));
  EXPECT_FALSE(IsBuiltinDataset("iris.csv"));
  Result<Dataset> ds = LoadBuiltinDataset("iris");
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  EXPECT_EQ(ds->name, "iris");
  EXPECT_EQ(ds->class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(ds->feature_names[0], "sepal_length");
  EXPECT_FLOAT_EQ(ds->X(0, 0), 5.1f);
  EXPECT_FLOAT_EQ(ds->X(0, 3), 0.2f);
  EXPECT_EQ(ds->y(0), 0.0f);
  EXPECT_EQ(ds->y(149), 2.0f);
  Result<Table> t = LoadBuiltinTable("nope");
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
}

}  // namespace builtin_datasets_test
}  // namespace optiscope
