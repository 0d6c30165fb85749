// Metrics: accuracy, RMSE, MAE, R² and loss against hand-computed values, batch accumulation.
#include "engine/train/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/losses/mse_loss.h"
#include "engine/models/dense_network.h"

namespace optiscope {
namespace metrics_test {

TEST(MetricAccumulatorTest, AccuracyIsArgmaxAgreementOverAllBatches) {
  MetricAccumulator acc(TaskKind::kClassification);
  Mat a(2, 3);
  a << 0.1f, 0.9f, 0.0f, 2.0f, 1.0f, 0.0f;
  const std::vector<Scalar> ya = {1, 2};
  acc.Add(View(a), ya, 0.5);
  Mat b(1, 3);
  b << 0, 0, 3;
  const std::vector<Scalar> yb = {2};
  acc.Add(View(b), yb, 2.0);
  const SplitMetrics m = acc.Finish();
  EXPECT_DOUBLE_EQ(m.accuracy, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.loss, (0.5 * 2 + 2.0) / 3);
  EXPECT_TRUE(std::isnan(m.rmse));
  EXPECT_TRUE(std::isnan(m.r2));
}

TEST(MetricAccumulatorTest, RegressionMetricsByHand) {
  MetricAccumulator acc(TaskKind::kRegression);
  Mat p(4, 1);
  p << 1, 2, 3, 5;
  const std::vector<Scalar> y = {1, 3, 3, 3};  // errors 0, -1, 0, 2; mean y 2.5, SST 3
  acc.Add(View(p), y, 1.25);
  const SplitMetrics m = acc.Finish();
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(5.0 / 4));
  EXPECT_DOUBLE_EQ(m.mae, 3.0 / 4);
  EXPECT_NEAR(m.r2, 1.0 - 5.0 / 3.0, 1e-12);
  EXPECT_TRUE(std::isnan(m.accuracy));
}

TEST(MetricAccumulatorTest, EmptySplitIsAllNaN) {
  const SplitMetrics m = MetricAccumulator(TaskKind::kRegression).Finish();
  EXPECT_TRUE(std::isnan(m.loss));
  EXPECT_TRUE(std::isnan(m.rmse));
}

TEST(EvaluateModelTest, ChunkedEvaluationEqualsOneShot) {
  DenseNetworkOptions o;
  o.layer_sizes = {3, 1};
  DenseNetwork<Scalar> net(o);
  const std::vector<Scalar> params = {1, 2, -1, 0.5f};  // y = x0 + 2 x1 - x2 + 0.5
  Mat X(5, 3);
  Vec y(5);
  for (int i = 0; i < 5; ++i) {
    X.row(i) << float(i), float(i % 2), 1.0f;
    y[i] = X(i, 0) + 2 * X(i, 1) - X(i, 2) + 0.5f + (i == 3 ? 1.0f : 0.0f);
  }
  MseLoss<Scalar> mse;
  auto small = net.MakeWorkspace(2);
  const SplitMetrics chunked = EvaluateModel(net, params, mse, X, y, TaskKind::kRegression, *small);
  EXPECT_NEAR(chunked.loss, 1.0 / 5, 1e-6);
  EXPECT_NEAR(chunked.rmse, std::sqrt(1.0 / 5), 1e-6);
  EXPECT_NEAR(chunked.mae, 1.0 / 5, 1e-6);
  const SplitMetrics whole = EvaluateModel(net, params, mse, X, y, TaskKind::kRegression);
  EXPECT_DOUBLE_EQ(whole.loss, chunked.loss);
  EXPECT_DOUBLE_EQ(whole.r2, chunked.r2);
}

}  // namespace metrics_test
}  // namespace optiscope

namespace optiscope {
namespace metrics_test {

TEST(MetricAccumulatorTest, RegressionMetricsAreInOriginalUnitsUnderTargetScaling) {
  // Trained on (y - 10) / 2: outputs and targets below are in those units.
  MetricAccumulator acc(TaskKind::kRegression, TargetScaling{10.0, 2.0});
  Mat p(4, 1);
  p << 1, 2, 3, 5;
  const std::vector<Scalar> y = {1, 3, 3, 3};
  acc.Add(View(p), y, 1.25);
  const SplitMetrics m = acc.Finish();
  EXPECT_DOUBLE_EQ(m.rmse, 2 * std::sqrt(5.0 / 4));
  EXPECT_DOUBLE_EQ(m.mae, 2 * 3.0 / 4);
  EXPECT_NEAR(m.r2, 1.0 - 5.0 / 3.0, 1e-12);  // scale-free
  EXPECT_DOUBLE_EQ(m.loss, 1.25);             // the training loss, as given
}

}  // namespace metrics_test
}  // namespace optiscope
