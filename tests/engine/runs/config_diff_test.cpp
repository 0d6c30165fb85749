// The Runs list's legend: what differs between configurations, named by the shortest unique key
// and shown the way a person writes it ("lr 1e-3 → 3e-3").
#include "engine/runs/config_diff.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/config/config_json.h"
#include "engine/config/experiment_config.h"

namespace optiscope {
namespace config_diff_test {

std::vector<ConfigDifference> Diff(const std::vector<std::string>& texts) {
  Result<std::vector<ConfigDifference>> diffs = DiffConfigs(texts);
  EXPECT_TRUE(diffs.ok()) << diffs.status().message();
  return diffs.ok() ? *diffs : std::vector<ConfigDifference>{};
}

TEST(ConfigDiff, TwoDemoConfigsDifferingInLearningRate) {
  ExperimentConfig a = DemoConfig();
  ExperimentConfig b = DemoConfig();
  a.optimizer.lr = 1e-3;
  b.optimizer.lr = 3e-3;
  const auto diffs = Diff({WriteExperimentConfig(a), WriteExperimentConfig(b)});
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].path, "optimizer.lr");
  EXPECT_EQ(diffs[0].label, "lr");
  EXPECT_EQ(diffs[0].values, (std::vector<std::string>{"1e-3", "3e-3"}));
  EXPECT_EQ(DescribeChange(diffs, 0, 1), "lr 1e-3 \xE2\x86\x92 3e-3");
  EXPECT_EQ(DescribeChange(diffs, 1, 0), "lr 3e-3 \xE2\x86\x92 1e-3");
  EXPECT_EQ(DescribeValues(diffs, 1), "lr 3e-3");
}

TEST(ConfigDiff, IdenticalConfigsAndSingleConfigsHaveNoDifference) {
  const std::string demo = WriteExperimentConfig(DemoConfig());
  EXPECT_TRUE(Diff({demo, demo}).empty());
  EXPECT_TRUE(Diff({demo}).empty());
  EXPECT_TRUE(Diff({}).empty());
  EXPECT_EQ(DescribeChange({}, 0, 1), "");
  EXPECT_EQ(DescribeValues({}, 0), "");
}

TEST(ConfigDiff, SharedLeafNamesGetLongerLabelsAndOrderFollowsTheFirstConfig) {
  const auto diffs = Diff({R"({"data": {"seed": 1}, "training": {"seed": 7, "epochs": 30}})",
                           R"({"data": {"seed": 2}, "training": {"seed": 8, "epochs": 30}})"});
  ASSERT_EQ(diffs.size(), 2u);
  EXPECT_EQ(diffs[0].label, "data.seed");
  EXPECT_EQ(diffs[1].label, "training.seed");
  EXPECT_EQ(DescribeChange(diffs, 0, 1),
            "data.seed 1 \xE2\x86\x92 2, training.seed 7 \xE2\x86\x92 8");
}

TEST(ConfigDiff, ValuesReadAsAPersonWritesThem) {
  const auto diffs = Diff({R"({"a": 0.001, "b": 0.9, "c": [128, 64], "d": "adam", "e": true,
                               "f": 250000.0, "g": 32, "h": 0.00025})",
                           R"({"a": 0.0003, "b": 0.95, "c": [64], "d": "sgd", "e": false,
                               "f": 1e6, "g": 64, "h": 0.5})"});
  ASSERT_EQ(diffs.size(), 8u);
  EXPECT_EQ(diffs[0].values, (std::vector<std::string>{"1e-3", "3e-4"}));
  EXPECT_EQ(diffs[1].values, (std::vector<std::string>{"0.9", "0.95"}));
  EXPECT_EQ(diffs[2].values, (std::vector<std::string>{"[128,64]", "[64]"}));
  EXPECT_EQ(diffs[3].values, (std::vector<std::string>{"adam", "sgd"}));
  EXPECT_EQ(diffs[4].values, (std::vector<std::string>{"true", "false"}));
  EXPECT_EQ(diffs[5].values, (std::vector<std::string>{"2.5e5", "1e6"}));
  EXPECT_EQ(diffs[6].values, (std::vector<std::string>{"32", "64"}));
  EXPECT_EQ(diffs[7].values, (std::vector<std::string>{"2.5e-4", "0.5"}));
  // At most three items, then how many more.
  EXPECT_EQ(DescribeValues(diffs, 0), "a 1e-3, b 0.9, c [128,64] (+5 more)");
}

TEST(ConfigDiff, AKeyMissingFromOneConfigIsADifference) {
  const auto diffs = Diff({R"({"model": {"type": "mlp", "params": {}}})",
                           R"({"model": {"type": "mlp", "params": {"depth": 3}}})",
                           R"({"model": {"type": "mlp", "params": {"depth": 3}}})"});
  ASSERT_EQ(diffs.size(), 2u);
  EXPECT_EQ(diffs[0].path, "model.params");
  EXPECT_EQ(diffs[0].values, (std::vector<std::string>{"{}", "\xE2\x80\x93", "\xE2\x80\x93"}));
  EXPECT_EQ(diffs[1].path, "model.params.depth");
  EXPECT_EQ(diffs[1].values, (std::vector<std::string>{"\xE2\x80\x93", "3", "3"}));
  // Between the two configurations that agree, nothing changes.
  EXPECT_EQ(DescribeChange(diffs, 1, 2), "");
}

TEST(ConfigDiff, LongValuesAreCutWithoutSplittingACharacter) {
  const std::string long_name(60, 'x');
  const auto diffs = Diff({R"({"name": ")" + long_name + R"("})", R"({"name": "é"})"});
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].values[0], std::string(39, 'x') + "\xE2\x80\xA6");
  EXPECT_EQ(diffs[0].values[1], "\xC3\xA9");
}

TEST(ConfigDiff, TextThatIsNotAJsonObjectIsAnErrorNamingIt) {
  Result<std::vector<ConfigDifference>> bad = DiffConfigs({"{}", "{\"a\": "});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("configuration 2: ", 0), 0u) << bad.status().message();
  EXPECT_FALSE(DiffConfigs({"[1, 2]", "{}"}).ok());
  EXPECT_FALSE(DiffConfigs({"{}", "{\"a\": 1e999999}"}).ok());  // too large for a double
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Result<std::vector<ConfigDifference>> too_deep = DiffConfigs({"{}", "{\"a\": " + deep + "}"});
  ASSERT_FALSE(too_deep.ok());
  EXPECT_NE(too_deep.status().message().find("deeper"), std::string::npos);
}

TEST(ConfigDiff, FormatConfigValueShowsOneValue) {
  EXPECT_EQ(FormatConfigValue("0.001"), "1e-3");
  EXPECT_EQ(FormatConfigValue("\"adam\""), "adam");
  EXPECT_EQ(FormatConfigValue("not json"), "not json");
}

}  // namespace config_diff_test
}  // namespace optiscope
