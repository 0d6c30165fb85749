// Whole-file reading and atomic writing: round trip, replacement, and errors that name the path.
#include "engine/core/file_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/core/crc32.h"

namespace optiscope {
namespace file_io_test {

TEST(FileIoTest, WritesAtomicallyReadsBackAndReplaces) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "file_io_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "a.bin").string();
  const std::string bytes("x\0y\nz", 5);
  ASSERT_TRUE(WriteFileAtomically(path, bytes).ok());
  auto back = ReadWholeFile(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  ASSERT_TRUE(WriteFileAtomically(path, "new").ok());
  EXPECT_EQ(*ReadWholeFile(path), "new");
  // Only the file itself is left: no temporary next to it.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1);
  std::filesystem::remove_all(dir);
}

TEST(FileIoTest, ErrorsNameThePath) {
  const std::string missing = ::testing::TempDir() + "/no_such_dir_file_io/x.json";
  const Status write = WriteFileAtomically(missing, "x");
  EXPECT_EQ(write.code(), StatusCode::kIoError);
  EXPECT_NE(write.message().find("cannot write " + missing), std::string::npos);
  const auto read = ReadWholeFile(missing);
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find(missing), std::string::npos);
}

TEST(Crc32Test, CheckValues) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
  const unsigned char bytes[] = {0x00, 0xFF, 0x10};
  EXPECT_EQ(Crc32(bytes, 3), Crc32(std::string_view(reinterpret_cast<const char*>(bytes), 3)));
}

}  // namespace file_io_test
}  // namespace optiscope
