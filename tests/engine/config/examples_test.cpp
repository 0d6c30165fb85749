// Every example in resources/examples/ loads and validates: study specs (study_*.json) as study
// specs, the others as experiment configurations.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/config/config_json.h"
#include "engine/search/study_spec.h"

namespace optiscope {
namespace examples_test {

TEST(ExampleConfigsTest, EveryExampleLoadsAndValidates) {
  const std::filesystem::path dir =
      std::filesystem::path(OPTISCOPE_SOURCE_DIR) / "resources" / "examples";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    if (entry.path().filename().string().rfind("study_", 0) == 0) {
      auto spec = LoadStudySpec(entry.path().string());
      EXPECT_TRUE(spec.ok()) << spec.status().message();
      continue;
    }
    Result<ExperimentConfig> c = LoadExperimentConfig(entry.path().string());
    EXPECT_TRUE(c.ok()) << c.status().message();
  }
  EXPECT_GE(count, 4);
}

}  // namespace examples_test
}  // namespace optiscope
