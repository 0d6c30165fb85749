// Regression residuals for the Train view's plots: computed by hand on a few rows, sampled evenly
// when there are many, and carried by RunFinished of a regression run (closed-form and trained)
// with figures that agree with the run's own test RMSE.
#include "engine/train/residuals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/train/experiment.h"

namespace optiscope {
namespace residuals_test {

TEST(ResidualsTest, ActualMinusPredictedRowByRow) {
  const std::vector<double> actual = {3.0, -1.0, 2.5};
  const std::vector<double> predicted = {2.5, 0.0, 2.5};
  const RegressionSample s = SampleResiduals(actual, predicted);
  EXPECT_EQ(s.total_rows, 3);
  EXPECT_EQ(s.actual, actual);
  EXPECT_EQ(s.predicted, predicted);
  EXPECT_EQ(s.residual, (std::vector<double>{0.5, -1.0, 0.0}));
}

TEST(ResidualsTest, ManyRowsAreSampledEvenlyAndNonFiniteRowsLeftOut) {
  std::vector<double> actual(10), predicted(10);
  for (int i = 0; i < 10; ++i) {
    actual[i] = i;
    predicted[i] = 2.0 * i;
  }
  const RegressionSample s = SampleResiduals(actual, predicted, 4);
  EXPECT_EQ(s.total_rows, 10);
  EXPECT_EQ(s.actual, (std::vector<double>{0, 2, 5, 7}));  // rows floor(i * 10 / 4)
  EXPECT_EQ(s.residual, (std::vector<double>{0, -2, -5, -7}));
  predicted[1] = std::nan("");
  const RegressionSample partial = SampleResiduals(actual, predicted);
  EXPECT_EQ(partial.actual.size(), 9u);
  EXPECT_EQ(partial.total_rows, 10);
  EXPECT_TRUE(SampleResiduals({}, {}).actual.empty());
}

// The run's RunFinished event; fails the test when there is none.
RunFinished FinishedOf(const RecordingEventSink& sink) {
  for (const Event& e : sink.Events()) {
    if (const auto* f = std::get_if<RunFinished>(&e)) return *f;
  }
  ADD_FAILURE() << "no RunFinished event";
  return RunFinished();
}

void ExpectResidualsAgreeWithTheRun(const ExperimentConfig& c) {
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_TRUE(result->status.ok()) << result->status.message();
  const RunFinished f = FinishedOf(sink);
  const RegressionSample& s = f.test_regression;
  ASSERT_GT(s.actual.size(), 10u);
  EXPECT_EQ(s.total_rows, static_cast<int64_t>(s.actual.size()));  // diabetes: 89 test rows
  ASSERT_EQ(s.predicted.size(), s.actual.size());
  ASSERT_EQ(s.residual.size(), s.actual.size());
  double squares = 0;
  for (size_t i = 0; i < s.actual.size(); ++i) {
    EXPECT_DOUBLE_EQ(s.residual[i], s.actual[i] - s.predicted[i]);
    squares += s.residual[i] * s.residual[i];
  }
  // In the target's units: the same RMSE as the run reports (up to float rounding).
  EXPECT_NEAR(std::sqrt(squares / s.actual.size()), f.test_rmse, 1e-3 * f.test_rmse);
  EXPECT_GT(s.actual.front(), 20.0);  // diabetes targets are 25..346, not standardised
}

TEST(ResidualsTest, RegressionRunsCarryTheirTestResiduals) {
  ExperimentConfig c;
  c.data.source = "diabetes";
  c.model.type = ModelType::kLinear;
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kSgd);
  c.optimizer.lr = 0.02;
  c.training.epochs = 5;
  ExpectResidualsAgreeWithTheRun(c);
  c.model.params["solver"] = std::string("closed_form");
  ExpectResidualsAgreeWithTheRun(c);
}

TEST(ResidualsTest, ClassificationRunsCarryNone) {
  ExperimentConfig c;
  c.data.source = "iris";
  c.model.type = ModelType::kLogistic;
  c.training.epochs = 2;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(FinishedOf(sink).test_regression.actual.empty());
}

}  // namespace residuals_test
}  // namespace optiscope
