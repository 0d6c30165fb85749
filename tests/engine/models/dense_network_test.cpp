// DenseNetwork: analytic gradients against central finite differences (double instantiation,
// tight tolerance; float instantiation, float tolerance), initialisation bounds, layout, dropout.
#include "engine/models/dense_network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>
#include <vector>

#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/mse_loss.h"
#include "engine/models/model_factory.h"

namespace optiscope {
namespace dense_network_test {

template <class T>
struct Problem {
  MatX<T> X;
  std::vector<T> targets;
};

template <class T>
Problem<T> MakeProblem(int rows, int inputs, int outputs, bool classification, uint64_t seed) {
  Rng rng(seed);
  Problem<T> p;
  p.X.resize(rows, inputs);
  for (int i = 0; i < p.X.size(); ++i) p.X.data()[i] = static_cast<T>(rng.Normal());
  if (classification) {
    for (int i = 0; i < rows; ++i) p.targets.push_back(static_cast<T>(rng.UniformInt(outputs)));
  } else {
    for (int i = 0; i < rows * outputs; ++i) p.targets.push_back(static_cast<T>(rng.Normal()));
  }
  return p;
}

// Loss and analytic gradient at `params`; the dropout Rng is copied so every call draws the
// same masks.
template <class T>
double LossAndGrad(const DenseNetwork<T>& net, const LossT<T>& loss, const Problem<T>& p,
                   std::span<const T> params, const Rng* dropout,
                   std::type_identity_t<std::vector<T>>* grad) {
  auto ws = net.MakeWorkspace(static_cast<int>(p.X.rows()));
  Rng rng = dropout ? *dropout : Rng(0);
  const auto out = net.Forward(params, View(p.X), *ws, dropout ? &rng : nullptr);
  MatX<T> d_out(out.rows(), out.cols());
  MatXMap<T> d_map(d_out.data(), d_out.rows(), d_out.cols());
  const double value = loss.Evaluate(out, p.targets, &d_map);
  if (grad) {
    grad->assign(net.NumParameters(), T(0));
    net.Backward(params, View(p.X), View(d_out), *ws, *grad);
  }
  return value;
}

// Max over parameters of |analytic - numeric| / max(1, |numeric|)... scaled by `floor`.
template <class T>
double MaxGradError(const DenseNetwork<T>& net, const LossT<T>& loss, const Problem<T>& p,
                    double step, const Rng* dropout, uint64_t seed = 7) {
  std::vector<T> params(net.NumParameters());
  Rng init(seed);
  net.Initialize(params, init);
  // Non-zero biases so that every code path is exercised.
  for (auto& v : params) v += static_cast<T>(0.05 * init.Normal());
  std::vector<T> grad;
  LossAndGrad(net, loss, p, std::span<const T>(params), dropout, &grad);
  double worst = 0.0;
  for (size_t i = 0; i < params.size(); ++i) {
    const T saved = params[i];
    params[i] = saved + static_cast<T>(step);
    const double up = LossAndGrad(net, loss, p, std::span<const T>(params), dropout, nullptr);
    params[i] = saved - static_cast<T>(step);
    const double down = LossAndGrad(net, loss, p, std::span<const T>(params), dropout, nullptr);
    params[i] = saved;
    const double numeric = (up - down) / (2 * step);
    const double err = std::abs(numeric - grad[i]) / std::max(1e-2, std::abs(numeric));
    worst = std::max(worst, err);
  }
  return worst;
}

DenseNetworkOptions Options(std::vector<int> sizes, Activation act, double dropout = 0.0) {
  DenseNetworkOptions o;
  o.layer_sizes = std::move(sizes);
  o.activation = act;
  o.dropout = dropout;
  return o;
}

TEST(DenseNetworkTest, ParameterLayoutAndCount) {
  DenseNetwork<float> net(Options({64, 128, 64, 10}, Activation::kRelu));
  EXPECT_EQ(net.NumParameters(), 64 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
  EXPECT_EQ(net.NumInputs(), 64);
  EXPECT_EQ(net.NumOutputs(), 10);
  EXPECT_EQ(net.WeightOffset(1), 64 * 128 + 128);
  const auto ranges = net.WeightRanges();
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(ranges[2].offset, 64 * 128 + 128 + 128 * 64 + 64);
  EXPECT_EQ(ranges[2].size, 640);
  EXPECT_EQ(net.Describe(), "mlp 64-128-64-10 relu");
}

TEST(DenseNetworkTest, ForwardMatchesHandComputation) {
  // 2 inputs -> 2 relu -> 1 output.
  DenseNetwork<double> net(Options({2, 2, 1}, Activation::kRelu));
  // W1 = [[1, -1], [2, 0.5]] (fan_in x fan_out), b1 = [0.5, -3], W2 = [[2], [-1]], b2 = [0.25]
  std::vector<double> params = {1, -1, 2, 0.5, 0.5, -3, 2, -1, 0.25};
  MatX<double> X(1, 2);
  X << 1, 2;  // z1 = [1 + 4 + 0.5, -1 + 1 - 3] = [5.5, -3] -> relu [5.5, 0] -> 11 + 0.25
  auto ws = net.MakeWorkspace(1);
  const auto out = net.Forward(params, View(X), *ws, nullptr);
  EXPECT_DOUBLE_EQ(out(0, 0), 11.25);
}

TEST(DenseNetworkTest, GradientsMatchFiniteDifferencesInDouble) {
  const CrossEntropyLoss<double> ce;
  const MseLoss<double> mse;
  for (Activation act : {Activation::kRelu, Activation::kTanh, Activation::kSigmoid,
                         Activation::kLeakyRelu, Activation::kGelu}) {
    SCOPED_TRACE(ActivationName(act));
    DenseNetwork<double> classifier(Options({5, 7, 6, 4}, act));
    EXPECT_LT(MaxGradError(classifier, ce, MakeProblem<double>(9, 5, 4, true, 1), 1e-6, nullptr),
              1e-5);
    DenseNetwork<double> regressor(Options({5, 8, 2}, act));
    EXPECT_LT(MaxGradError(regressor, mse, MakeProblem<double>(9, 5, 2, false, 2), 1e-6, nullptr),
              1e-5);
  }
}

TEST(DenseNetworkTest, LinearAndLogisticGradientsMatchFiniteDifferences) {
  DenseNetwork<double> linear(Options({6, 1}, Activation::kRelu));
  EXPECT_LT(MaxGradError(linear, MseLoss<double>(), MakeProblem<double>(11, 6, 1, false, 3), 1e-6,
                         nullptr),
            1e-6);
  DenseNetwork<double> logistic(Options({6, 3}, Activation::kRelu));
  EXPECT_LT(MaxGradError(logistic, CrossEntropyLoss<double>(),
                         MakeProblem<double>(11, 6, 3, true, 4), 1e-6, nullptr),
            1e-6);
}

TEST(DenseNetworkTest, DropoutGradientsMatchFiniteDifferencesWithFixedMasks) {
  for (Activation act : {Activation::kRelu, Activation::kTanh, Activation::kSigmoid,
                         Activation::kLeakyRelu, Activation::kGelu}) {
    SCOPED_TRACE(ActivationName(act));
    DenseNetwork<double> net(Options({4, 9, 8, 3}, act, 0.3));
    const Rng dropout(99);
    EXPECT_LT(MaxGradError(net, CrossEntropyLoss<double>(), MakeProblem<double>(8, 4, 3, true, 5),
                           1e-6, &dropout),
              1e-5);
  }
}

TEST(DenseNetworkTest, FloatGradientsMatchFiniteDifferencesToFloatTolerance) {
  DenseNetwork<float> net(Options({6, 10, 3}, Activation::kTanh));
  EXPECT_LT(MaxGradError(net, CrossEntropyLoss<float>(), MakeProblem<float>(12, 6, 3, true, 6),
                         1e-2, nullptr),
            2e-2);
}

TEST(DenseNetworkTest, DropoutZeroesAboutPOfHiddenUnitsAndScalesTheRest) {
  DenseNetwork<double> net(Options({3, 1000, 1}, Activation::kSigmoid, 0.25));
  std::vector<double> params(net.NumParameters());
  Rng init(1);
  net.Initialize(params, init);
  // Output weights 1, bias 0: the output is the sum of the (dropped) hidden activations.
  const int w2 = net.WeightOffset(1);
  for (int j = 0; j < 1000; ++j) params[w2 + j] = 1.0;
  MatX<double> X = MatX<double>::Zero(1, 3);  // hidden pre-activation 0 -> sigmoid 0.5
  auto ws = net.MakeWorkspace(1);
  EXPECT_DOUBLE_EQ(net.Forward(params, View(X), *ws, nullptr)(0, 0), 500.0);
  Rng dropout(3);
  const double kept_sum = net.Forward(params, View(X), *ws, &dropout)(0, 0);
  const double kept = kept_sum / (0.5 / 0.75);  // each kept unit contributes 0.5/(1-p)
  EXPECT_NEAR(kept, std::round(kept), 1e-9);
  EXPECT_NEAR(kept / 1000.0, 0.75, 0.05);
}

TEST(DenseNetworkTest, InitialisationUsesHeForReluAndGlorotOtherwise) {
  DenseNetwork<float> relu(Options({100, 50, 10}, Activation::kRelu));
  std::vector<float> p(relu.NumParameters());
  Rng rng(0);
  relu.Initialize(p, rng);
  const double he = std::sqrt(6.0 / 100), glorot_out = std::sqrt(6.0 / (50 + 10));
  double max_abs = 0, sum_sq = 0;
  for (int i = 0; i < 100 * 50; ++i) {
    max_abs = std::max(max_abs, std::abs(double(p[i])));
    sum_sq += double(p[i]) * p[i];
  }
  EXPECT_LE(max_abs, he);
  EXPECT_NEAR(sum_sq / 5000, he * he / 3, 0.1 * he * he / 3);            // Var U(-a,a) = a^2/3
  for (int i = 100 * 50; i < 100 * 50 + 50; ++i) EXPECT_EQ(p[i], 0.0f);  // biases
  for (int i = relu.WeightOffset(1); i < relu.WeightOffset(1) + 500; ++i) {
    EXPECT_LE(std::abs(p[i]), glorot_out);
  }
  DenseNetwork<float> tanh_net(Options({100, 50, 10}, Activation::kTanh));
  tanh_net.Initialize(p, rng);
  const double glorot = std::sqrt(6.0 / 150);
  for (int i = 0; i < 5000; ++i) EXPECT_LE(std::abs(p[i]), glorot);
}

TEST(ModelFactoryTest, BuildsEachModelAndRejectsMismatches) {
  ModelConfig c;
  c.type = ModelType::kMlp;
  c.hidden = {16, 8};
  c.activation = Activation::kTanh;
  auto mlp = MakeModel(c, 4, 3, TaskKind::kClassification);
  ASSERT_TRUE(mlp.ok()) << mlp.status().ToString();
  EXPECT_EQ((*mlp)->Describe(), "mlp 4-16-8-3 tanh");
  c.type = ModelType::kLogistic;
  auto logistic = MakeModel(c, 4, 3, TaskKind::kClassification);
  ASSERT_TRUE(logistic.ok());
  EXPECT_EQ((*logistic)->NumParameters(), 4 * 3 + 3);
  EXPECT_FALSE(MakeModel(c, 4, 1, TaskKind::kRegression).ok());
  c.type = ModelType::kLinear;
  auto linear = MakeModel(c, 4, 1, TaskKind::kRegression);
  ASSERT_TRUE(linear.ok());
  EXPECT_EQ((*linear)->Describe(), "linear 4-1");
  EXPECT_FALSE(MakeModel(c, 4, 3, TaskKind::kClassification).ok());
  c.type = ModelType::kTree;
  auto bad = MakeModel(c, 4, 3, TaskKind::kClassification);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("model.type"), std::string::npos);
  c.type = ModelType::kMlp;
  c.activation = Activation::kRelu;
  c.dropout = 1.0;
  EXPECT_FALSE(MakeModel(c, 4, 3, TaskKind::kClassification).ok());
  c.dropout = 0.0;
  c.hidden = {0};
  EXPECT_FALSE(MakeModel(c, 4, 3, TaskKind::kClassification).ok());
  EXPECT_EQ(NumModelOutputs(TaskKind::kClassification, 2), 2);
  EXPECT_EQ(NumModelOutputs(TaskKind::kRegression, 0), 1);
}

}  // namespace dense_network_test
}  // namespace optiscope
