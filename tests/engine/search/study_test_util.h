// Helpers shared by the study tests: a temporary directory and a trial context fake.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "engine/search/objective.h"

namespace optiscope::study_testing {

// A fresh directory under the test temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "study_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Records reports; asks to stop after `stop_after` reports (0 = never).
class FakeContext final : public TrialContext {
 public:
  explicit FakeContext(int stop_after = 0) : stop_after_(stop_after) {}
  bool Report(int step, double value) override {
    reports.emplace_back(step, value);
    if (stop_after_ > 0 && static_cast<int>(reports.size()) >= stop_after_) source.request_stop();
    return source.stop_requested();
  }
  std::stop_token StopToken() const override { return source.get_token(); }
  int TrialNumber() const override { return 0; }

  std::stop_source source;
  std::vector<std::pair<int, double>> reports;

 private:
  int stop_after_;
};

}  // namespace optiscope::study_testing
