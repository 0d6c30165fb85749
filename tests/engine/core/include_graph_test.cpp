// The engine's floors (docs/design.md): a file under engine/<folder>/ may include its own folder
// and the floors below it, never a higher floor nor a sibling on its own floor. CMake links the
// floor libraries only downward (engine/CMakeLists.txt); this test reads every engine source and
// fails, naming file and line, on an `#include "engine/..."` that breaks the rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace include_graph_test {

// Floor heights, lowest first. Folders with the same height are siblings (separate libraries
// that must not include each other). Keep in step with engine/CMakeLists.txt.
const std::map<std::string, int>& FloorOf() {
  static const std::map<std::string, int> floors = {
      {"core", 0},     {"events", 1},                  //
      {"config", 2},                                   //
      {"data", 3},                                     //
      {"models", 4},   {"losses", 4},   {"optim", 4},  //
      {"features", 5},                                 //
      {"train", 6},                                    //
      {"inspect", 7},  {"compress", 7}, {"race", 7},   //
      {"search", 8},                                   //
      {"runs", 9}};
  return floors;
}

// The folder X of a line `#include "engine/X/..."` (spaces allowed around '#'), if it is one.
std::optional<std::string> IncludedFolder(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos || line[i] != '#') return std::nullopt;
  i = line.find_first_not_of(" \t", i + 1);
  static const std::string kInclude = "include";
  if (i == std::string::npos || line.compare(i, kInclude.size(), kInclude) != 0) {
    return std::nullopt;
  }
  i = line.find_first_not_of(" \t", i + kInclude.size());
  static const std::string kPrefix = "\"engine/";
  if (i == std::string::npos || line.compare(i, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  const size_t begin = i + kPrefix.size();
  const size_t slash = line.find('/', begin);
  if (slash == std::string::npos) return std::nullopt;
  return line.substr(begin, slash - begin);
}

// One message per include of `text` (the contents of a file in engine/<folder>/, shown as
// `name`) that reaches a higher floor, a sibling floor or a folder on no floor.
std::vector<std::string> Violations(const std::string& folder, const std::string& name,
                                    const std::string& text) {
  std::vector<std::string> out;
  const auto& floors = FloorOf();
  const auto own = floors.find(folder);
  if (own == floors.end()) {
    out.push_back(name + ": engine/" + folder + "/ is on no floor (add it to the table)");
    return out;
  }
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::optional<std::string> target = IncludedFolder(line);
    if (!target || *target == folder) continue;
    const std::string where = name + ":" + std::to_string(number) + ": ";
    const auto it = floors.find(*target);
    if (it == floors.end()) {
      out.push_back(where + "includes engine/" + *target + "/, which is on no floor");
    } else if (it->second > own->second) {
      out.push_back(where + folder + " includes the higher floor " + *target + ": " + line);
    } else if (it->second == own->second) {
      out.push_back(where + folder + " includes its sibling " + *target + ": " + line);
    }
  }
  return out;
}

TEST(IncludeGraphTest, RuleAcceptsLowerFloorsAndOwnFolder) {
  const std::string text =
      "#include \"engine/core/status.h\"\n"
      "#include <vector>\n"
      "# include \"engine/data/dataset.h\"\n"
      "#include \"engine/models/model_factory.h\"\n";
  EXPECT_TRUE(Violations("models", "engine/models/x.cpp", text).empty());
}

TEST(IncludeGraphTest, RuleRejectsHigherSiblingAndUnknownFloors) {
  const std::string text =
      "#include \"engine/core/status.h\"\n"
      "#include \"engine/train/trainer.h\"\n"
      "#include \"engine/losses/loss.h\"\n"
      "  #  include \"engine/attic/old.h\"\n";
  const std::vector<std::string> v = Violations("models", "engine/models/x.h", text);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].rfind("engine/models/x.h:2: models includes the higher floor train", 0), 0u)
      << v[0];
  EXPECT_EQ(v[1].rfind("engine/models/x.h:3: models includes its sibling losses", 0), 0u) << v[1];
  EXPECT_EQ(v[2].rfind("engine/models/x.h:4: includes engine/attic/", 0), 0u) << v[2];
  EXPECT_FALSE(Violations("attic", "engine/attic/x.h", "").empty());
}

TEST(IncludeGraphTest, EveryEngineIncludeGoesDown) {
  namespace fs = std::filesystem;
  const fs::path engine = fs::path(OPTISCOPE_SOURCE_DIR) / "engine";
  ASSERT_TRUE(fs::is_directory(engine)) << engine;
  int files = 0;
  std::vector<std::string> violations;
  for (const auto& entry : fs::recursive_directory_iterator(engine)) {
    const fs::path& path = entry.path();
    if (!entry.is_regular_file() || (path.extension() != ".h" && path.extension() != ".cpp")) {
      continue;
    }
    const fs::path relative = fs::relative(path, engine);
    if (relative.begin() == relative.end() || std::next(relative.begin()) == relative.end()) {
      continue;  // a file directly in engine/ (none today) belongs to no floor
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = (fs::path("engine") / relative).generic_string();
    for (std::string& v : Violations(relative.begin()->string(), name, text.str())) {
      violations.push_back(std::move(v));
    }
    ++files;
  }
  EXPECT_GT(files, 100);  // the walk found the tree
  std::string report;
  for (const std::string& v : violations) report += v + "\n";
  EXPECT_TRUE(violations.empty()) << violations.size() << " include(s) break the floors:\n"
                                  << report;
}

}  // namespace include_graph_test
