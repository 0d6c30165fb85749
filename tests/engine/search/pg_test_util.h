// The PostgreSQL server of the tests: scripts/test starts a throwaway one (scripts/pg-throwaway)
// and exports its URL as OPTISCOPE_TEST_PG_URL. Each test gets a database of its own, created
// here and dropped afterwards, so tests run in parallel. Without the variable the tests skip
// loudly, unless OPTISCOPE_REQUIRE_PG is set (CI), where a missing server fails them.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "engine/search/pg_connection.h"

namespace optiscope::pg_testing {

// The base URL, or "" when no server was started for the tests.
inline std::string ServerUrl() {
  const char* url = ::getenv("OPTISCOPE_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

// Why PostgreSQL tests cannot run here ("" when they can).
inline std::string SkipReason() {
  if (!ServerUrl().empty()) return "";
  return "SKIPPED: no PostgreSQL server for the tests (OPTISCOPE_TEST_PG_URL is not set; "
         "scripts/test starts a throwaway one, or run scripts/pg-throwaway start DIR and export "
         "the URL it prints)";
}

// In a test body or SetUp: skips (or fails under OPTISCOPE_REQUIRE_PG) without a server.
#define OPTISCOPE_REQUIRE_PG_SERVER()                                               \
  do {                                                                              \
    const std::string _reason = ::optiscope::pg_testing::SkipReason();              \
    if (!_reason.empty()) {                                                         \
      if (::getenv("OPTISCOPE_REQUIRE_PG") != nullptr) FAIL() << _reason;           \
      GTEST_SKIP() << _reason;                                                      \
    }                                                                               \
  } while (0)

// A new empty database on the test server, dropped (with any session still on it) on
// destruction. REQUIRES: ServerUrl() is not empty.
class TestDatabase {
 public:
  TestDatabase() : admin_(ServerUrl(), "optiscope-test") {
    static std::atomic<int> counter{0};
    name_ = "optiscope_t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    Status s = admin_.Connect();
    if (!s.ok()) {
      error_ = s.message();
      return;
    }
    PgResult r = admin_.Exec("CREATE DATABASE " + name_);
    if (!r.ok()) error_ = "cannot create database " + name_ + ": " + r.error();
  }
  ~TestDatabase() {
    if (admin_.connected()) (void)admin_.Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // "" when the database exists.
  const std::string& error() const { return error_; }
  const std::string& name() const { return name_; }
  // The URL of this database.
  std::string url() const { return PgUriWithDatabase(ServerUrl(), name_); }
  // A connection to the server's maintenance database, for statements about other sessions.
  PgConnection& admin() { return admin_; }

 private:
  PgConnection admin_;
  std::string name_;
  std::string error_;
};

}  // namespace optiscope::pg_testing
