// LeakyReLU and GELU in DenseNetwork: values against torch.nn.functional (numbers below from
// torch.nn.functional.gelu / leaky_relu(x, 0.2) on x = [1, -0.5, 2], float64), config names,
// and the factory passing the slope through. Gradients: dense_network_test.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "engine/models/dense_network.h"
#include "engine/models/model_factory.h"

namespace optiscope {
namespace activation_test {

// A 3-3-1 network whose hidden layer is the identity map followed by the activation and whose
// output sums the hidden units with weights 1, 10, 100: the output encodes f(1), f(-0.5), f(2).
std::vector<double> HiddenValues(Activation act, double slope) {
  DenseNetworkOptions o;
  o.layer_sizes = {3, 3, 1};
  o.activation = act;
  o.negative_slope = slope;
  DenseNetwork<double> net(o);
  std::vector<double> params(net.NumParameters(), 0.0);
  for (int i = 0; i < 3; ++i) params[i * 3 + i] = 1.0;  // W1 = I
  const int second = net.WeightOffset(1);
  std::vector<double> result;
  MatX<double> x(1, 3);
  x << 1.0, -0.5, 2.0;
  auto ws = net.MakeWorkspace(1);
  for (int unit = 0; unit < 3; ++unit) {
    for (int j = 0; j < 3; ++j) params[second + j] = j == unit ? 1.0 : 0.0;
    result.push_back(net.Forward(params, View(x), *ws, nullptr)(0, 0));
  }
  return result;
}

TEST(ActivationTest, GeluIsTheExactErfFormAsTorch) {
  const auto v = HiddenValues(Activation::kGelu, 0.01);
  EXPECT_NEAR(v[0], 0.841344746068543, 1e-15);
  EXPECT_NEAR(v[1], -0.15426876936299344, 1e-15);
  EXPECT_NEAR(v[2], 1.9544997361036416, 1e-15);
}

TEST(ActivationTest, LeakyReluUsesTheConfiguredSlope) {
  const auto v = HiddenValues(Activation::kLeakyRelu, 0.2);
  EXPECT_DOUBLE_EQ(v[0], 1.0);
  EXPECT_DOUBLE_EQ(v[1], -0.1);
  EXPECT_DOUBLE_EQ(v[2], 2.0);
}

TEST(ActivationTest, NamesParseAndTheFactoryPassesTheSlope) {
  EXPECT_EQ(*ParseActivation("leaky_relu"), Activation::kLeakyRelu);
  EXPECT_EQ(*ParseActivation("gelu"), Activation::kGelu);
  EXPECT_STREQ(ActivationName(Activation::kGelu), "gelu");
  ModelConfig config;
  config.activation = Activation::kLeakyRelu;
  config.negative_slope = 0.3;
  auto model = MakeModel(config, 4, 2, TaskKind::kClassification);
  ASSERT_TRUE(model.ok()) << model.status().message();
  const auto* net = dynamic_cast<const DenseNetwork<Scalar>*>(model->get());
  ASSERT_NE(net, nullptr);
  EXPECT_DOUBLE_EQ(net->options().negative_slope, 0.3);
  EXPECT_EQ(net->options().activation, Activation::kLeakyRelu);
}

}  // namespace activation_test
}  // namespace optiscope
