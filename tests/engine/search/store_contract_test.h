// The StudyStore contract tests (store_contract_test.cpp) run against any store: a store is given
// as a StoreFactory, and each backend instantiates the suite with its own factory, e.g.
//   INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest, ::testing::Values(PostgresFactory()),
//                            StoreFactoryName);
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "engine/search/storage.h"
#include "tests/engine/search/study_test_util.h"

namespace optiscope::store_testing {

// Opens a store whose contents are fresh for each test. `dir` is a new empty folder per test;
// calling `open` twice with the same folder must give two handles (connections) to the SAME
// stored data when `shared_handles` is true (SQLite: one file; PostgreSQL: one database or
// schema), which the tests use to play two processes. A factory that cannot run here (no server)
// returns an error whose message starts with "skip:" and the test is skipped loudly.
struct StoreFactory {
  std::string name;
  std::function<Result<std::unique_ptr<StudyStore>>(const std::string& dir)> open;
  bool shared_handles = true;
};

inline std::string StoreFactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    auto store = GetParam().open(dir_.path().string());
    if (!store.ok() && store.status().message().rfind("skip:", 0) == 0) {
      GTEST_SKIP() << GetParam().name << ": " << store.status().message();
    }
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }
  // A second handle on the same data (another "process"); nullptr when the backend has none.
  std::unique_ptr<StudyStore> Second() {
    if (!GetParam().shared_handles) return nullptr;
    auto store = GetParam().open(dir_.path().string());
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(*store) : nullptr;
  }

  study_testing::TempDir dir_;
  std::unique_ptr<StudyStore> store_;
};

}  // namespace optiscope::store_testing
