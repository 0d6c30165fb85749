#include "engine/search/gp_sampler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/search/cmaes_sampler.h"
#include "engine/search/random_sampler.h"
#include "engine/search/search_math.h"
#include "tests/engine/search/search_test_util.h"

namespace optiscope {
namespace gp_test {

TEST(GaussianProcessTest, NegLogPosteriorGradientMatchesFiniteDifferences) {
  Rng rng(4);
  const int n = 12, d = 3;
  Eigen::MatrixXd X(n, d);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = rng.Uniform();
    X(i, 1) = rng.Uniform();
    X(i, 2) = static_cast<double>(rng.UniformInt(3));  // categorical
    y[i] = std::sin(6 * X(i, 0)) + X(i, 1) + 0.3 * X(i, 2);
  }
  y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  GaussianProcess gp;
  gp.Fit(X, y, {false, false, true}, nullptr, 0, rng);
  Eigen::VectorXd theta(d + 2);
  theta << 0.3, -0.5, 0.1, 0.2, std::log(0.05);
  Eigen::VectorXd g;
  gp.NegLogPosterior(theta, &g);
  for (int k = 0; k < d + 2; ++k) {
    Eigen::VectorXd tp = theta, tm = theta;
    tp[k] += 1e-6;
    tm[k] -= 1e-6;
    const double fd = (gp.NegLogPosterior(tp, nullptr) - gp.NegLogPosterior(tm, nullptr)) / 2e-6;
    EXPECT_NEAR(g[k], fd, 1e-5 * std::max(1.0, std::fabs(fd))) << "theta " << k;
  }
  // The fit is a (local) optimum: better than the starting point above.
  EXPECT_GT(gp.log_posterior(), -gp.NegLogPosterior(theta, nullptr));
  // Interpolates its (nearly noise-free) training data.
  Eigen::VectorXd mean, var;
  gp.Predict(X, &mean, &var);
  EXPECT_LT((mean - y).cwiseAbs().maxCoeff(), 0.2);
}

TEST(GaussianProcessTest, LogExpectedImprovementIsStableAndContinuous) {
  // Direct formula where it is accurate.
  const double mu = 0.3, var = 0.04, best = 0.5;
  const double s = std::sqrt(var), z = (mu - best) / s;
  const double direct = std::log(s * (z * search_math::NormalCdf(z) + search_math::NormalPdf(z)));
  EXPECT_NEAR(LogExpectedImprovement(mu, var, best), direct, 1e-12);
  // Across the switch to the asymptotic series at z = -25.
  const double a = LogExpectedImprovement(-25.0 + 1e-9, 1.0, 0.0);
  const double b = LogExpectedImprovement(-25.0 - 1e-9, 1.0, 0.0);
  EXPECT_NEAR(a, b, 1e-6);
  EXPECT_TRUE(std::isfinite(LogExpectedImprovement(-1e4, 1.0, 0.0)));
  EXPECT_LT(LogExpectedImprovement(-1e4, 1.0, 0.0), LogExpectedImprovement(-100, 1.0, 0.0));
}

TEST(GpSamplerTest, BeatsRandomOnBranin) {
  auto f = MakeTestFunction("branin");
  ASSERT_TRUE(f.ok());
  std::vector<double> gp_best, random_best;
  for (uint64_t seed = 0; seed < 7; ++seed) {
    GpOptions o;
    o.n_candidates = 512;
    GpSampler gp(o);
    RandomSampler random;
    gp_best.push_back(testing::BestValue(testing::RunLoop(gp, *f, 30, seed)) - f->optimum);
    random_best.push_back(testing::BestValue(testing::RunLoop(random, *f, 30, seed)) - f->optimum);
  }
  EXPECT_LT(testing::Median(gp_best), 0.5 * testing::Median(random_best))
      << "gp " << testing::Median(gp_best) << " random " << testing::Median(random_best);
}

TEST(CmaEsSamplerTest, BeatsRandomOnRosenbrock4) {
  auto f = MakeTestFunction("rosenbrock", 4);
  ASSERT_TRUE(f.ok());
  std::vector<double> cma_best, random_best;
  for (uint64_t seed = 0; seed < 9; ++seed) {
    CmaEsSampler cma;
    RandomSampler random;
    cma_best.push_back(testing::BestValue(testing::RunLoop(cma, *f, 150, seed)));
    random_best.push_back(testing::BestValue(testing::RunLoop(random, *f, 150, seed)));
  }
  EXPECT_LT(testing::Median(cma_best), testing::Median(random_best))
      << "cmaes " << testing::Median(cma_best) << " random " << testing::Median(random_best);
}

}  // namespace gp_test
}  // namespace optiscope
