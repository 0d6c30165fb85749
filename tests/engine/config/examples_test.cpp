// Every example configuration in resources/examples/ loads and validates.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/config/config_json.h"

namespace optiscope {
namespace {

TEST(ExampleConfigsTest, EveryExampleLoadsAndValidates) {
  const std::filesystem::path dir =
      std::filesystem::path(OPTISCOPE_SOURCE_DIR) / "resources" / "examples";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    Result<ExperimentConfig> c = LoadExperimentConfig(entry.path().string());
    EXPECT_TRUE(c.ok()) << c.status().message();
  }
  EXPECT_GE(count, 4);
}

}  // namespace
}  // namespace optiscope
