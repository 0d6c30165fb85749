// Ground-floor guards against hostile input (issue 13): the memory budget, the JSON depth limit,
// UTF-8 repair, and whole-file reads and atomic writes that neither hang nor leave debris.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/core/file_io.h"
#include "engine/core/json_depth.h"
#include "engine/core/memory.h"
#include "engine/core/utf8.h"

namespace optiscope {
namespace hostile_input_test {

// Sets OPTISCOPE_MEMORY_BUDGET for one scope.
class ScopedBudget {
 public:
  explicit ScopedBudget(const char* bytes) { ::setenv("OPTISCOPE_MEMORY_BUDGET", bytes, 1); }
  ~ScopedBudget() { ::unsetenv("OPTISCOPE_MEMORY_BUDGET"); }
};

TEST(MemoryBudgetTest, RefusesWithTheSizesInTheMessage) {
  EXPECT_EQ(FormatBytes(34.4e9), "34.4 GB");
  EXPECT_EQ(FormatBytes(512), "512 bytes");
  EXPECT_EQ(FormatBytes(1.5e6), "1.5 MB");
  ScopedBudget budget("23500000000");
  EXPECT_EQ(MemoryBudgetBytes(), 23500000000u);
  EXPECT_TRUE(CheckMemoryBudget(1e9, "this model").ok());
  const Status s = CheckMemoryBudget(34.4e9, "this model");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "this model needs 34.4 GB; the machine has 23.5 GB");
  EXPECT_FALSE(CheckMemoryBudget(1e300, "x").ok());
  EXPECT_FALSE(CheckMemoryBudget(-1, "x").ok());  // a wrapped size is never accepted
}

TEST(MemoryBudgetTest, DefaultsToThePhysicalMemory) {
  ::unsetenv("OPTISCOPE_MEMORY_BUDGET");
  EXPECT_GT(PhysicalMemoryBytes(), 0u);
  EXPECT_EQ(MemoryBudgetBytes(), PhysicalMemoryBytes());
}

TEST(JsonDepthTest, LimitIsNamedWithItsPosition) {
  EXPECT_TRUE(CheckJsonDepth(R"({"a": [1, {"b": [2]}]})").ok());
  EXPECT_TRUE(CheckJsonDepth(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']')).ok());
  const std::string deep = "{\"x\":\n" + std::string(100000, '[');
  const Status s = CheckJsonDepth(deep);
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_EQ(s.message(), "2:128: JSON nests deeper than 128 levels (the limit)");
  // Brackets inside strings (escaped quotes included) do not count.
  EXPECT_TRUE(CheckJsonDepth("[\"" + std::string(1000, '[') + "\\\"[[\"]").ok());
  EXPECT_FALSE(CheckJsonDepth("[[[", 2).ok());
}

TEST(Utf8Test, ValidatesRepairsAndTranscodes) {
  EXPECT_TRUE(IsValidUtf8("plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));             // Latin-1 e-acute
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));            // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));        // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));    // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));            // truncated
  EXPECT_EQ(ValidUtf8Prefix("ab\xFF" "cd"), 2u);
  EXPECT_EQ(ReplaceInvalidUtf8("a\xFF" "b\xE2\x82"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(Latin1ToUtf8("caf\xE9 \xFF"), "caf\xC3\xA9 \xC3\xBF");
  EXPECT_TRUE(IsValidUtf8(ReplaceInvalidUtf8("\x80\x81\xFE\xC3")));
}

std::filesystem::path FreshDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(FileIoHostileTest, DevZeroIsBoundedByTheBudget) {
  ScopedBudget budget("1000000");
  const auto r = ReadWholeFile("/dev/zero");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("longer than the memory budget of 1.0 MB"),
            std::string::npos)
      << r.status().message();
}

TEST(FileIoHostileTest, AFifoWithNoWriterDoesNotHang) {
  const auto dir = FreshDir("file_io_fifo");
  const std::string fifo = (dir / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto r = ReadWholeFile(fifo);  // blocked forever in open() before
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "");
  std::filesystem::remove_all(dir);
}

TEST(FileIoHostileTest, AtomicWriteLeavesNoTemporaryAndKeepsTheOldFileOnFailure) {
  const auto dir = FreshDir("file_io_atomic");
  const std::string path = (dir / "model.osm").string();
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  // A directory in the way of the rename: the write fails, the temporary is removed.
  const std::string blocked = (dir / "blocked").string();
  std::filesystem::create_directories(dir / "blocked" / "inner");
  const Status s = WriteFileAtomically(blocked, "new");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("cannot write " + blocked), std::string::npos);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 2);  // model.osm and blocked/: no temporary left
  EXPECT_EQ(*ReadWholeFile(path), "old");
  // A symlink planted at a predictable temporary name is never followed: names are random.
  ASSERT_TRUE(WriteFileAtomically(path, "new").ok());
  EXPECT_EQ(*ReadWholeFile(path), "new");
  EXPECT_TRUE(std::filesystem::is_regular_file(path));
  std::filesystem::remove_all(dir);
}

}  // namespace hostile_input_test
}  // namespace optiscope
