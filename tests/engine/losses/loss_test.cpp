// Losses: values against hand computation, numerical stability, gradients against central
// finite differences (double), and the factory's task checks.
#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>
#include <vector>

#include "engine/core/rng.h"
#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/loss_factory.h"
#include "engine/losses/mse_loss.h"

namespace optiscope {
namespace loss_test {

LossConfig LossOfType(LossType type) {
  LossConfig config;
  config.type = type;
  return config;
}

template <class T>
double Eval(const LossT<T>& loss, const MatX<T>& z, const std::vector<T>& y,
            std::type_identity_t<MatX<T>>* grad) {
  if (!grad) return loss.Evaluate(View(z), y, nullptr);
  grad->resize(z.rows(), z.cols());
  MatXMap<T> g(grad->data(), z.rows(), z.cols());
  return loss.Evaluate(View(z), y, &g);
}

template <class T>
double MaxFdError(const LossT<T>& loss, MatX<T> z, const std::vector<T>& y) {
  MatX<T> grad;
  Eval(loss, z, y, &grad);
  double worst = 0;
  const double h = 1e-6;
  for (int i = 0; i < z.size(); ++i) {
    const T saved = z.data()[i];
    z.data()[i] = saved + h;
    const double up = Eval(loss, z, y, nullptr);
    z.data()[i] = saved - h;
    const double down = Eval(loss, z, y, nullptr);
    z.data()[i] = saved;
    worst = std::max(worst, std::abs((up - down) / (2 * h) - grad.data()[i]));
  }
  return worst;
}

TEST(CrossEntropyLossTest, MatchesLogSoftmaxByHand) {
  MatX<double> z(2, 3);
  z << 1, 2, 3, 0, 0, 0;
  const std::vector<double> y = {2, 1};
  const double l0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 3.0;
  const double l1 = std::log(3.0);
  EXPECT_NEAR(Eval(CrossEntropyLoss<double>(), z, y, nullptr), (l0 + l1) / 2, 1e-12);
}

TEST(CrossEntropyLossTest, GradientIsSoftmaxMinusOneHotOverN) {
  MatX<double> z(1, 2);
  z << 0, 0;
  MatX<double> g;
  Eval(CrossEntropyLoss<double>(), z, {1}, &g);
  EXPECT_NEAR(g(0, 0), 0.5, 1e-12);
  EXPECT_NEAR(g(0, 1), -0.5, 1e-12);
  Rng rng(2);
  MatX<double> r(5, 4);
  for (int i = 0; i < r.size(); ++i) r.data()[i] = 3 * rng.Normal();
  EXPECT_LT(MaxFdError(CrossEntropyLoss<double>(), r, {0, 3, 1, 1, 2}), 1e-8);
}

TEST(CrossEntropyLossTest, HugeScoresStayFinite) {
  MatX<float> z(2, 3);
  z << 1e4f, -1e4f, 0, 5e3f, 5e3f, -8e4f;
  MatX<float> g;
  const double l = Eval(CrossEntropyLoss<float>(), z, {1, 0}, &g);
  EXPECT_TRUE(std::isfinite(l));
  EXPECT_NEAR(l, (2e4 + std::log(2.0)) / 2, 1e-2);
  EXPECT_TRUE(g.allFinite());
  EXPECT_NEAR(g.row(0).sum(), 0.0, 1e-6);
}

TEST(MseLossTest, ValueAndGradient) {
  MatX<double> z(2, 1);
  z << 1, 4;
  MatX<double> g;
  EXPECT_DOUBLE_EQ(Eval(MseLoss<double>(), z, {0, 2}, &g), (1.0 + 4.0) / 2);
  EXPECT_DOUBLE_EQ(g(0, 0), 1.0);  // 2*(1-0)/2
  EXPECT_DOUBLE_EQ(g(1, 0), 2.0);
  MatX<double> r(3, 2);
  r << 0.1, -2, 3, 0.5, -1, 1;
  EXPECT_LT(MaxFdError(MseLoss<double>(), r, {0, 0, 1, 1, 2, -2}), 1e-8);
}

TEST(LossFactoryTest, AutoPicksByTaskAndMismatchesAreErrors) {
  EXPECT_EQ((*MakeLoss(LossOfType(LossType::kAuto), TaskKind::kClassification))->Name(), "cross_entropy");
  EXPECT_EQ((*MakeLoss(LossOfType(LossType::kAuto), TaskKind::kRegression))->Name(), "mse");
  EXPECT_FALSE(MakeLoss(LossOfType(LossType::kCrossEntropy), TaskKind::kRegression).ok());
  EXPECT_FALSE(MakeLoss(LossOfType(LossType::kMse), TaskKind::kClassification).ok());
  auto bad = MakeLoss(LossOfType(static_cast<LossType>(99)), TaskKind::kClassification);
  ASSERT_FALSE(bad.ok());  // a bad cast: validation names the field
  EXPECT_NE(bad.status().message().find("loss.type"), std::string::npos);
}

}  // namespace loss_test
}  // namespace optiscope
