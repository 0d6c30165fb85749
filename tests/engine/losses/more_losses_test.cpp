// MAE, Huber, log-cosh, BCE, weighted/smoothed cross-entropy, hinge, focal and custom losses:
// gradients against central finite differences (double), values by hand, and the factory's
// task/loss checks.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include "engine/core/rng.h"
#include "engine/losses/binary_cross_entropy_loss.h"
#include "engine/losses/class_weighting.h"
#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/custom_loss.h"
#include "engine/losses/focal_loss.h"
#include "engine/losses/hinge_loss.h"
#include "engine/losses/loss_factory.h"
#include "engine/losses/pointwise_loss.h"

namespace optiscope {
namespace more_losses_test {

double Eval(const LossT<double>& loss, const MatX<double>& z, const std::vector<double>& y,
            MatX<double>* grad) {
  if (!grad) return loss.Evaluate(View(z), y, nullptr);
  grad->resize(z.rows(), z.cols());
  MatXMap<double> g(grad->data(), z.rows(), z.cols());
  return loss.Evaluate(View(z), y, &g);
}

double MaxFdError(const LossT<double>& loss, MatX<double> z, const std::vector<double>& y) {
  MatX<double> grad;
  Eval(loss, z, y, &grad);
  double worst = 0;
  const double h = 1e-6;
  for (int i = 0; i < z.size(); ++i) {
    const double saved = z.data()[i];
    z.data()[i] = saved + h;
    const double up = Eval(loss, z, y, nullptr);
    z.data()[i] = saved - h;
    const double down = Eval(loss, z, y, nullptr);
    z.data()[i] = saved;
    worst = std::max(worst, std::abs((up - down) / (2 * h) - grad.data()[i]));
  }
  return worst;
}

MatX<double> Random(int rows, int cols, uint64_t seed, double scale = 2.0) {
  Rng rng(seed);
  MatX<double> m(rows, cols);
  for (int i = 0; i < m.size(); ++i) m.data()[i] = scale * rng.Normal();
  return m;
}

TEST(PointwiseLossTest, ValuesByHand) {
  MatX<double> z(1, 3);
  z << 0.5, -3.0, 2.0;
  const std::vector<double> y = {0.0, 0.0, 2.0};
  EXPECT_DOUBLE_EQ(Eval(PointwiseLoss<double>(PointwiseKind::kMae), z, y, nullptr), 3.5 / 3);
  // Huber delta 1: 0.5*0.25 + (3 - 0.5) + 0.
  EXPECT_DOUBLE_EQ(Eval(PointwiseLoss<double>(PointwiseKind::kHuber, 1.0), z, y, nullptr),
                   (0.125 + 2.5) / 3);
  EXPECT_NEAR(Eval(PointwiseLoss<double>(PointwiseKind::kLogCosh), z, y, nullptr),
              (std::log(std::cosh(0.5)) + std::log(std::cosh(3.0))) / 3, 1e-15);
  MatX<double> big(1, 1);
  big << 1000.0;
  EXPECT_NEAR(Eval(PointwiseLoss<double>(PointwiseKind::kLogCosh), big, {0.0}, nullptr),
              1000.0 - std::numbers::ln2, 1e-9);  // no overflow
}

TEST(PointwiseLossTest, GradientsMatchFiniteDifferences) {
  const MatX<double> z = Random(6, 3, 1);
  std::vector<double> y(18);
  Rng rng(2);
  for (double& v : y) v = rng.Normal();
  EXPECT_LT(MaxFdError(PointwiseLoss<double>(PointwiseKind::kMae), z, y), 1e-8);
  EXPECT_LT(MaxFdError(PointwiseLoss<double>(PointwiseKind::kHuber, 0.8), z, y), 1e-8);
  EXPECT_LT(MaxFdError(PointwiseLoss<double>(PointwiseKind::kLogCosh), z, y), 1e-8);
}

TEST(ClassificationLossTest, GradientsMatchFiniteDifferences) {
  const MatX<double> z = Random(7, 4, 3);
  const std::vector<double> y = {0, 3, 1, 1, 2, 3, 0};
  const std::vector<double> w = {1.0, 2.0, 0.5, 1.5};
  EXPECT_LT(MaxFdError(CrossEntropyLoss<double>(w, 0.1), z, y), 1e-8);
  EXPECT_LT(MaxFdError(CrossEntropyLoss<double>({}, 0.3), z, y), 1e-8);
  EXPECT_LT(MaxFdError(HingeLoss<double>(), z, y), 1e-8);
  EXPECT_LT(MaxFdError(HingeLoss<double>(w), z, y), 1e-8);
  EXPECT_LT(MaxFdError(FocalLoss<double>(2.0, -1.0, w), z, y), 1e-8);
  EXPECT_LT(MaxFdError(FocalLoss<double>(0.5, -1.0), z, y), 1e-8);
  const MatX<double> z2 = Random(6, 2, 4);
  const std::vector<double> t = {1, 0, 0, 1, 1, 0};
  EXPECT_LT(MaxFdError(BinaryCrossEntropyLoss<double>({0.4, 1.3}, 0.2), z2, t), 1e-8);
  EXPECT_LT(MaxFdError(FocalLoss<double>(2.0, 0.25, {0.4, 1.3}), z2, t), 1e-8);
}

TEST(ClassificationLossTest, SpecialCasesReduceToCrossEntropy) {
  const MatX<double> z = Random(5, 2, 5);
  const std::vector<double> t = {1, 0, 1, 1, 0};
  const double ce = Eval(CrossEntropyLoss<double>(), z, t, nullptr);
  EXPECT_NEAR(Eval(BinaryCrossEntropyLoss<double>(), z, t, nullptr), ce, 1e-14);
  EXPECT_NEAR(Eval(FocalLoss<double>(0.0, -1.0), z, t, nullptr), ce, 1e-14);
  // Weights all 2 leave the weighted mean unchanged.
  EXPECT_NEAR(Eval(CrossEntropyLoss<double>({2.0, 2.0}, 0.0), z, t, nullptr), ce, 1e-14);
}

TEST(HingeLossTest, CrammerSingerByHand) {
  MatX<double> z(2, 3);
  z << 2.0, 1.5, -1.0,  // y = 0: margin 1 + 1.5 - 2 = 0.5
      0.0, 3.0, 0.2;    // y = 1: margin 1 + 0.2 - 3 < 0
  MatX<double> g;
  EXPECT_DOUBLE_EQ(Eval(HingeLoss<double>(), z, {0, 1}, &g), 0.25);
  EXPECT_DOUBLE_EQ(g(0, 0), -0.5);
  EXPECT_DOUBLE_EQ(g(0, 1), 0.5);
  EXPECT_DOUBLE_EQ(g.row(1).cwiseAbs().sum(), 0.0);
}

TEST(ClassWeightingTest, BalancedIsScikitLearnsRule) {
  const std::vector<Scalar> labels = {0, 0, 0, 1, 2, 2};
  ClassWeights balanced;
  balanced.balanced = true;
  auto w = ResolveClassWeights(balanced, 3, labels);
  ASSERT_TRUE(w.ok());
  EXPECT_DOUBLE_EQ((*w)[0], 6.0 / 9.0);
  EXPECT_DOUBLE_EQ((*w)[1], 2.0);
  EXPECT_DOUBLE_EQ((*w)[2], 1.0);
  ClassWeights two;
  two.values = {1.0, 2.0};
  auto bad = ResolveClassWeights(two, 3, labels);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("loss.class_weights: the data has 3 classes"),
            std::string::npos);
}

TEST(CustomLossTest, RegressionGradientsMatchFiniteDifferences) {
  auto e = LossExpression::Compile("abs(p - y)^1.5 + 0.1*(p - y)^2");
  ASSERT_TRUE(e.ok());
  CustomLoss<double> loss(*e, false);
  const MatX<double> z = Random(5, 2, 6);
  std::vector<double> y(10);
  Rng rng(7);
  for (double& v : y) v = rng.Normal();
  EXPECT_LT(MaxFdError(loss, z, y), 1e-8);
  // (p - y)^2 is MSE.
  CustomLoss<double> square(*LossExpression::Compile("(p - y)^2"), false);
  MatX<double> z1(1, 2);
  z1 << 1.0, 3.0;
  EXPECT_DOUBLE_EQ(Eval(square, z1, {0.0, 1.0}, nullptr), 2.5);
}

TEST(CustomLossTest, ClassificationAppliesToSoftmaxProbabilities) {
  // (p - y)^2 on probabilities vs one-hot: the Brier score.
  CustomLoss<double> brier(*LossExpression::Compile("(p - y)^2"), true);
  MatX<double> z(1, 2);
  z << 0.0, 0.0;
  EXPECT_DOUBLE_EQ(Eval(brier, z, {1}, nullptr), 0.5);
  const MatX<double> r = Random(4, 3, 8);
  EXPECT_LT(MaxFdError(brier, r, {0, 2, 1, 2}), 1e-8);
  // -y*log(p) summed over classes is the cross-entropy.
  CustomLoss<double> ce(*LossExpression::Compile("-y*log(p)"), true);
  EXPECT_NEAR(Eval(ce, r, {0, 2, 1, 2}, nullptr),
              Eval(CrossEntropyLoss<double>(), r, {0, 2, 1, 2}, nullptr), 1e-12);
  EXPECT_LT(MaxFdError(ce, r, {0, 2, 1, 2}), 1e-8);
}

TEST(LossFactoryTest, EveryNameBuildsForItsTask) {
  const std::vector<Scalar> labels = {0, 1, 1, 0};
  for (const char* name : {"mse", "mae", "huber", "log_cosh"}) {
    LossConfig c;
    c.type = EnumFromName<LossType>(name).value();
    auto loss = MakeLoss(c, TaskKind::kRegression);
    ASSERT_TRUE(loss.ok()) << name << loss.status().message();
    EXPECT_EQ((*loss)->Name(), name);
    auto wrong = MakeLoss(c, TaskKind::kClassification, {2, labels});
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.status().message().find("needs a regression target"), std::string::npos);
  }
  for (const char* name : {"cross_entropy", "bce", "hinge", "focal"}) {
    LossConfig c;
    c.type = EnumFromName<LossType>(name).value();
    c.class_weights.balanced = true;
    auto loss = MakeLoss(c, TaskKind::kClassification, {2, labels});
    ASSERT_TRUE(loss.ok()) << name << loss.status().message();
    EXPECT_EQ((*loss)->Name(), name);
    c.class_weights = {};
    EXPECT_FALSE(MakeLoss(c, TaskKind::kRegression).ok()) << name;
  }
  LossConfig custom;
  custom.type = LossType::kCustom;
  custom.expression = "log(1 + (p - y)^2)";
  EXPECT_TRUE(MakeLoss(custom, TaskKind::kRegression).ok());
  EXPECT_TRUE(MakeLoss(custom, TaskKind::kClassification, {2, labels}).ok());
}

TEST(LossFactoryTest, ClearErrorsNameTheField) {
  auto message = [](LossConfig c, TaskKind task, int k) {
    const std::vector<Scalar> labels = {0, 1, 2};
    auto made = MakeLoss(c, task, {k, labels});
    return made.ok() ? std::string("ok") : made.status().message();
  };
  LossConfig bce;
  bce.type = LossType::kBce;
  EXPECT_EQ(message(bce, TaskKind::kClassification, 3).rfind("loss.type: bce is for 2-class", 0),
            0u);
  LossConfig focal;
  focal.type = LossType::kFocal;
  focal.focal_alpha = 0.25;
  EXPECT_EQ(message(focal, TaskKind::kClassification, 3).rfind("loss.focal_alpha:", 0), 0u);
  LossConfig huber;
  huber.type = LossType::kHuber;
  huber.huber_delta = 0;
  EXPECT_EQ(message(huber, TaskKind::kRegression, 0).rfind("loss.huber_delta:", 0), 0u);
  LossConfig smooth;
  smooth.type = LossType::kHinge;
  smooth.label_smoothing = 0.1;
  EXPECT_EQ(message(smooth, TaskKind::kClassification, 3).rfind("loss.label_smoothing:", 0), 0u);
  LossConfig weights;
  weights.type = LossType::kMae;
  weights.class_weights.values = {1, 2};
  EXPECT_EQ(message(weights, TaskKind::kRegression, 0).rfind("loss.class_weights:", 0), 0u);
  LossConfig custom;
  custom.type = LossType::kCustom;
  custom.expression = "abs(p - y";
  EXPECT_EQ(message(custom, TaskKind::kRegression, 0),
            "loss.expression: expected ')' at column 10 ('abs' takes 1 argument) in: abs(p - y");
}

}  // namespace more_losses_test
}  // namespace optiscope
