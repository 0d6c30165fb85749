// FoldReporter (cross-validation folds reported as one mean per epoch) and the study name that
// keys Hyperband's brackets.
#include "engine/search/fold_reporter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/search/hyperband_pruner.h"
#include "engine/search/pruner.h"

namespace optiscope {
namespace fold_reporter_test {

// Records reports; says "stop" once a value above `prune_above` arrives.
class RecordingContext : public TrialContext {
 public:
  explicit RecordingContext(double prune_above = 1e300) : prune_above_(prune_above) {}
  bool Report(int step, double value) override {
    reports.emplace_back(step, value);
    return value > prune_above_;
  }
  std::stop_token StopToken() const override { return {}; }
  int TrialNumber() const override { return 0; }
  std::vector<std::pair<int, double>> reports;

 private:
  double prune_above_;
};

using Reports = std::vector<std::pair<int, double>>;

TEST(FoldReporterTest, ReportsEachEpochOnceAsTheMeanOverAllFolds) {
  RecordingContext context;
  std::stop_source stop;
  FoldReporter r(context, 3, stop);
  r.Put(0, 1, 0.5);
  r.Put(0, 2, 0.6);  // fold 0 runs ahead: nothing is reported until every fold has epoch 1
  EXPECT_TRUE(context.reports.empty());
  r.Put(1, 1, 0.7);
  EXPECT_TRUE(context.reports.empty());
  r.Put(2, 1, 0.9);
  EXPECT_EQ(context.reports, (Reports{{1, (0.5 + 0.7 + 0.9) / 3}}));
  r.Put(1, 2, 0.8);
  r.Put(2, 2, 1.0);
  ASSERT_EQ(context.reports.size(), 2u);
  EXPECT_DOUBLE_EQ(context.reports[1].second, (0.6 + 0.8 + 1.0) / 3);
  EXPECT_EQ(r.Reported(), context.reports);
  EXPECT_FALSE(stop.stop_requested());
}

TEST(FoldReporterTest, AFinishedFoldNoLongerHoldsTheOthersBack) {
  RecordingContext context;
  std::stop_source stop;
  FoldReporter r(context, 2, stop);
  r.Put(0, 1, 1.0);
  r.Put(1, 1, 3.0);
  r.Finish(0);       // fold 0 stopped early after epoch 1
  r.Put(1, 2, 5.0);  // epoch 2: only fold 1 has it
  EXPECT_EQ(context.reports, (Reports{{1, 2.0}, {2, 5.0}}));
}

TEST(FoldReporterTest, APruneDecisionStopsEveryFold) {
  RecordingContext context(/*prune_above=*/0.5);
  std::stop_source stop;
  FoldReporter r(context, 2, stop);
  r.Put(0, 1, 0.2);
  r.Put(1, 1, 1.0);  // mean 0.6 > 0.5: pruned
  EXPECT_TRUE(stop.stop_requested());
  r.Put(0, 2, 0.1);
  r.Put(1, 2, 0.1);
  EXPECT_EQ(context.reports.size(), 1u);  // nothing after the prune decision
}

// The study name keys Hyperband's brackets (Optuna hashes "<study>_<trial>").
TEST(StudyPrunerTest, HyperbandGetsTheStudyName) {
  auto a = MakeStudyPruner("hyperband", nlohmann::json{{"max_resource", 81}}, "alpha");
  auto b = MakeStudyPruner("hyperband", nlohmann::json{{"max_resource", 81}}, "beta");
  ASSERT_TRUE(a.ok() && b.ok());
  const auto* ha = dynamic_cast<const HyperbandPruner*>(a->get());
  const auto* hb = dynamic_cast<const HyperbandPruner*>(b->get());
  ASSERT_NE(ha, nullptr);
  ASSERT_NE(hb, nullptr);
  HyperbandOptions named;
  named.max_resource = 81;
  named.study_name = "alpha";
  const HyperbandPruner reference(named);
  const std::vector<int> budgets = ha->BracketBudgets(81);
  int differ = 0;
  for (int k = 0; k < 50; ++k) {
    EXPECT_EQ(ha->BracketOf(k, budgets), reference.BracketOf(k, budgets));
    differ += ha->BracketOf(k, budgets) != hb->BracketOf(k, budgets);
  }
  EXPECT_GT(differ, 10);
  // An explicit study_name option wins; other pruners are untouched.
  auto explicit_name =
      MakeStudyPruner("hyperband", nlohmann::json{{"study_name", "alpha"}}, "beta");
  ASSERT_TRUE(explicit_name.ok());
  EXPECT_TRUE(MakeStudyPruner("median", nlohmann::json::object(), "alpha").ok());
  EXPECT_TRUE(MakeStudyPruner("hyperband", nullptr, "alpha").ok());
}

}  // namespace fold_reporter_test
}  // namespace optiscope
