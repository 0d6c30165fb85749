// L-BFGS with strong-Wolfe line search: PyTorch reference on Rosenbrock, convergence on a
// quadratic, history handling and failure reporting.
#include "engine/optim/lbfgs.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/core/rng.h"
#include "tests/engine/optim/test_objective.h"

namespace optiscope {
namespace lbfgs_test {

double Rosenbrock(std::span<const Scalar> p, std::span<Scalar> g) {
  const double x = p[0], y = p[1];
  g[0] = static_cast<Scalar>(-2 * (1 - x) - 400 * x * (y - x * x));
  g[1] = static_cast<Scalar>(200 * (y - x * x));
  return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}

TEST(Lbfgs, MatchesTorchStrongWolfeOnRosenbrock) {
  const nlohmann::json fixture = testing::LoadFixture("lbfgs.json");
  ASSERT_TRUE(fixture.contains("float32")) << "missing lbfgs.json";
  const auto& ref = fixture.at("float32");
  LbfgsOptions o;
  o.history_size = ref.at("history_size");
  o.max_iter = ref.at("max_iter");
  Lbfgs lbfgs(o);
  std::vector<Scalar> x = {-1.2f, 1.0f};
  lbfgs.Reset(2);
  int total_iter = 0, total_evals = 0;
  for (size_t k = 0; k < ref.at("steps").size(); ++k) {
    SCOPED_TRACE(k);
    const auto& step = ref.at("steps")[k];
    auto report = lbfgs.Step(Rosenbrock, x);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    const double want_loss = step.at("initial_loss");
    // float32 on both sides: the same number of iterations and evaluations (same decisions), and
    // the same points up to rounding. The 20 iterations through the curved valley amplify rounding
    // ~1000x (torch itself moves by 1e-4 when x0 moves by 1e-7), hence 5e-4 on x.
    EXPECT_NEAR(report->initial_loss, want_loss, 1e-3 * want_loss + 1e-9);
    const auto want_x = step.at("x").get<std::vector<double>>();
    EXPECT_NEAR(x[0], want_x[0], 5e-4);
    EXPECT_NEAR(x[1], want_x[1], 5e-4);
    total_iter += report->iterations;
    total_evals += report->evaluations;
    EXPECT_EQ(total_iter, step.at("n_iter").get<int>());
    EXPECT_EQ(total_evals, step.at("func_evals").get<int>());
  }
  EXPECT_NEAR(x[0], 1.0, 1e-5);
  EXPECT_NEAR(x[1], 1.0, 1e-5);
}

TEST(Lbfgs, ConvergesOnAQuadraticTo1e6) {
  // f = ½xᵀAx − bᵀx with A = QΛQᵀ, eigenvalues in [1, 20]; minimiser x* = A⁻¹b.
  constexpr int n = 30;
  Rng rng(7);
  Eigen::MatrixXd m(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m(i, j) = rng.Normal();
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ();
  Eigen::VectorXd lambda(n), b(n);
  for (int i = 0; i < n; ++i) lambda[i] = 1.0 + 19.0 * i / (n - 1);
  for (int i = 0; i < n; ++i) b[i] = rng.Uniform(-2, 2);
  const Eigen::MatrixXd a = q * lambda.asDiagonal() * q.transpose();
  const Eigen::VectorXd x_star = a.ldlt().solve(b);
  auto quadratic = [&](std::span<const Scalar> p, std::span<Scalar> g) {
    Eigen::VectorXd x(n);
    for (int i = 0; i < n; ++i) x[i] = p[i];
    const Eigen::VectorXd ax = a * x;
    for (int i = 0; i < n; ++i) g[i] = static_cast<Scalar>(ax[i] - b[i]);
    return 0.5 * x.dot(ax) - b.dot(x);
  };
  // Tolerances below float resolution: the run ends when the gradient is rounding noise.
  Lbfgs lbfgs(LbfgsOptions{
      .max_iter = 100, .tolerance_grad = 1e-6, .tolerance_change = 1e-15, .history_size = 10});
  std::vector<Scalar> x(n, 0.0f);
  lbfgs.Reset(n);
  auto report = lbfgs.Step(quadratic, x);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_LT(report->iterations, 100);
  for (int i = 0; i < n; ++i) EXPECT_NEAR(x[i], x_star[i], 1e-6) << i;
}

TEST(Lbfgs, FixtureObjectiveDecreasesMonotonicallyAcrossSteps) {
  Lbfgs lbfgs(LbfgsOptions{.max_iter = 5, .history_size = 3});
  std::vector<Scalar> x = {-1.2f, 1.0f, 0.5f, -0.8f, 1.5f, -0.3f, 0.7f};
  lbfgs.Reset(7);
  double last = std::numeric_limits<double>::infinity();
  for (int k = 0; k < 12; ++k) {
    auto report = lbfgs.Step(testing::FixtureObjective, x);
    ASSERT_TRUE(report.ok());
    EXPECT_LE(report->final_loss, report->initial_loss);
    EXPECT_LE(report->initial_loss, last);
    last = report->final_loss;
  }
  std::vector<Scalar> g(7);
  testing::FixtureObjective(x, g);
  for (Scalar gi : g) EXPECT_LT(std::abs(gi), 1e-3);
}

TEST(Lbfgs, ReportsNonFiniteObjectiveAsDiverged) {
  Lbfgs lbfgs;
  std::vector<Scalar> x = {1.0f};
  lbfgs.Reset(1);
  auto report = lbfgs.Step(
      [](std::span<const Scalar>, std::span<Scalar> g) {
        g[0] = 1.0f;
        return std::numeric_limits<double>::quiet_NaN();
      },
      x);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kDiverged);
}

TEST(Lbfgs, OptionsFromConfigUseTorchDefaults) {
  const LbfgsOptions o = LbfgsOptionsFromConfig(DefaultOptimizerConfig(OptimizerType::kLbfgs));
  EXPECT_EQ(o.lr, 1.0);
  EXPECT_EQ(o.history_size, 100);
  EXPECT_EQ(o.max_iter, 20);
  EXPECT_EQ(o.tolerance_grad, 1e-7);
}

}  // namespace lbfgs_test
}  // namespace optiscope
