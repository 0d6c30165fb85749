// PostgresStudyStore: the shared StudyStore contract (store_contract_test.cpp) instantiated on a
// PostgreSQL database per test, then what is particular to it: URL checks (no server needed), the
// schema created on first use and a newer one refused, a session the server terminates (the
// finished trial is still stored after the reconnect), exact budgets under many connections.
#include "engine/search/storage_postgres.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "engine/search/pg_connection.h"
#include "tests/engine/search/pg_test_util.h"
#include "tests/engine/search/store_contract_test.h"

namespace optiscope {
namespace storage_postgres_test {

using pg_testing::TestDatabase;
using store_testing::StoreContractTest;
using store_testing::StoreFactory;

// One database per test folder: opening twice with the same folder gives two connections to the
// same data. The previous test's database is dropped when the next test opens one, the last at
// exit (each ctest test is its own process).
StoreFactory PostgresFactory() {
  return {"Postgres",
          [](const std::string& dir) -> Result<std::unique_ptr<StudyStore>> {
            const std::string reason = pg_testing::SkipReason();
            if (!reason.empty()) {
              if (::getenv("OPTISCOPE_REQUIRE_PG") != nullptr) return Status::IoError(reason);
              return Status::IoError("skip: " + reason);
            }
            static std::string current_dir;
            static std::unique_ptr<TestDatabase> current;
            if (current == nullptr || current_dir != dir) {
              current.reset();
              current = std::make_unique<TestDatabase>();
              current_dir = dir;
              if (!current->error().empty()) return Status::IoError(current->error());
            }
            return OpenPostgresStudyStore(current->url());
          },
          true};
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest, ::testing::Values(PostgresFactory()),
                         store_testing::StoreFactoryName);

TEST(PostgresUrlTest, MalformedUriIsRefusedWithLibpqsReason) {
  auto store = OpenStudyStore("postgresql://host/db?no_such_option=1");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("not a valid PostgreSQL URI"), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("no_such_option"), std::string::npos)
      << store.status().message();
}

TEST(PostgresUrlTest, PasswordInTheUrlIsRefusedAndNotEchoed) {
  auto store = OpenStudyStore("postgres://alice:s3cret@db.example:5433/studies");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = store.status().message();
  EXPECT_NE(m.find("PGPASSFILE"), std::string::npos) << m;
  EXPECT_NE(m.find("postgresql://alice@db.example:5433/studies"), std::string::npos) << m;
  EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;
}

TEST(PostgresUrlTest, UnreachableServerIsAnIoErrorAtOnce) {
  auto store = OpenStudyStore("postgresql:///studies?host=/nonexistent/optiscope-socket-dir");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kIoError);
  EXPECT_NE(store.status().message().find("cannot connect to postgresql:///studies"),
            std::string::npos)
      << store.status().message();
}

TEST(PostgresUrlTest, DisplayNameDropsThePassword) {
  EXPECT_EQ(PgDisplayName("postgresql://bob:pw@h:5432/d"), "postgresql://bob@h:5432/d");
  EXPECT_EQ(PgDisplayName("postgresql:///d?host=/run/pg&user=u"), "postgresql://u@/d?host=/run/pg");
  EXPECT_TRUE(IsPostgresUrl("postgres://h/d"));
  EXPECT_TRUE(IsPostgresUrl("postgresql://h/d"));
  EXPECT_FALSE(IsPostgresUrl("sqlite:/tmp/postgresql://x"));
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OPTISCOPE_REQUIRE_PG_SERVER();
    db_ = std::make_unique<TestDatabase>();
    ASSERT_EQ(db_->error(), "");
  }
  std::unique_ptr<TestDatabase> db_;
};

TEST_F(PostgresStoreTest, CreatesTheSchemaOnFirstUseAndRefusesANewerOne) {
  {
    auto store = OpenPostgresStudyStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->CreateOrOpenStudy("s", "{}", {Direction::kMinimize}).ok());
  }
  PgConnection conn(db_->url(), "optiscope-test");
  ASSERT_TRUE(conn.Connect().ok());
  PgResult v = conn.Exec("SELECT max(version) FROM optiscope.schema_version");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v.Int(0, 0), kPostgresSchemaVersion);
  // Opening again keeps the study (no second schema creation).
  {
    auto store = OpenPostgresStudyStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto list = (*store)->ListStudies();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
  }
  ASSERT_TRUE(conn.Exec("INSERT INTO optiscope.schema_version(version) VALUES (99)").ok());
  auto store = OpenPostgresStudyStore(db_->url());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("schema version 99 is newer than this build reads (" +
                                          std::to_string(kPostgresSchemaVersion) + ")"),
            std::string::npos)
      << store.status().message();
}

TEST_F(PostgresStoreTest, FinishedTrialIsStoredAfterTheServerDropsTheSession) {
  auto store = OpenStudyStore(db_->url());
  ASSERT_TRUE(store.ok()) << store.status().message();
  StudyStore& s = **store;
  ASSERT_TRUE(s.CreateOrOpenStudy("s", "{}", {Direction::kMinimize}).ok());
  auto number = s.StartTrial("s", {{"x", 0.25, ""}}, "");
  ASSERT_TRUE(number.ok()) << number.status().message();

  // The store's session, found from another one, is terminated by the server.
  PgConnection& admin = db_->admin();
  const std::string sessions = "SELECT pid FROM pg_stat_activity WHERE datname = '" +
                               db_->name() + "' AND application_name = 'optiscope'";
  PgResult before = admin.Exec(sessions);
  ASSERT_TRUE(before.ok()) << before.error();
  ASSERT_EQ(before.rows(), 1);
  const int64_t old_pid = before.Int(0, 0);
  PgResult killed = admin.Exec("SELECT pg_terminate_backend(" + std::to_string(old_pid) + ")");
  ASSERT_TRUE(killed.ok()) << killed.error();
  ASSERT_EQ(killed.Text(0, 0), "t");

  TrialRecord done;
  done.number = *number;
  done.state = TrialState::kComplete;
  done.values = {0.125};
  done.seconds = 2.0;
  Status finished = s.FinishTrial("s", done);
  ASSERT_TRUE(finished.ok()) << finished.message();

  auto trials = s.Trials("s");
  ASSERT_TRUE(trials.ok()) << trials.status().message();
  ASSERT_EQ(trials->size(), 1u);
  EXPECT_EQ((*trials)[0].state, TrialState::kComplete);
  EXPECT_EQ((*trials)[0].values, std::vector<double>{0.125});
  PgResult after = admin.Exec(sessions);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after.rows(), 1);
  EXPECT_NE(after.Int(0, 0), old_pid);  // a new session
}

TEST_F(PostgresStoreTest, ConcurrentConnectionsNeverExceedTheBudget) {
  {
    auto store = OpenPostgresStudyStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->CreateOrOpenStudy("s", "{}", {Direction::kMinimize}).ok());
  }
  constexpr int kThreads = 6;
  constexpr int kBudget = 40;
  std::vector<std::vector<int>> got(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto store = OpenPostgresStudyStore(db_->url());
      if (!store.ok()) {
        errors[t] = store.status().message();
        return;
      }
      const std::string worker = "w" + std::to_string(t);
      if (Status r = (*store)->RegisterWorker("s", worker); !r.ok()) {
        errors[t] = r.message();
        return;
      }
      TrialReservation r;
      r.worker = worker;
      r.n_trials = kBudget;
      for (;;) {
        auto trial = (*store)->ReserveTrial("s", r);
        if (!trial.ok()) {
          errors[t] = trial.status().message();
          return;
        }
        if (!trial->has_value()) return;
        got[t].push_back((*trial)->number);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  std::set<int> numbers;
  size_t total = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(errors[t], "");
    total += got[t].size();
    numbers.insert(got[t].begin(), got[t].end());
  }
  EXPECT_EQ(total, static_cast<size_t>(kBudget));
  ASSERT_EQ(numbers.size(), static_cast<size_t>(kBudget));  // no number twice
  EXPECT_EQ(*numbers.begin(), 0);
  EXPECT_EQ(*numbers.rbegin(), kBudget - 1);
}

}  // namespace storage_postgres_test
}  // namespace optiscope
