// Hypergradient of the validation loss w.r.t. log(l2) by implicit differentiation, checked against
// central finite differences of retraining to convergence (L-BFGS, logistic regression on iris).
#include "engine/search/hypergradient_eval.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/train/experiment.h"

namespace optiscope {
namespace search_hypergradient_test {

ExperimentConfig Logistic(double l2) {
  ExperimentConfig c;
  c.data.source = "iris";
  c.data.validation_fraction = 0.3;
  c.data.test_fraction = 0.1;
  c.model.type = ModelType::kLogistic;
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kLbfgs);
  c.training.epochs = 300;
  c.regularization.l2 = l2;
  return c;
}

TEST(HypergradientTest, L2MatchesFiniteDifferencesOfRetraining) {
  NullEventSink sink;
  const double l2 = 0.05;
  auto run = RunExperiment(Logistic(l2), sink);
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_TRUE(run->status.ok()) << run->status.message();
  auto g = ComputeHypergradient(Logistic(l2), *run);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_GT(g->cg_iterations, 0);
  const double h = 0.05;  // in log(l2)
  auto plus = RunExperiment(Logistic(l2 * std::exp(h)), sink);
  auto minus = RunExperiment(Logistic(l2 * std::exp(-h)), sink);
  const double fd = (plus->validation.loss - minus->validation.loss) / (2 * h);
  EXPECT_GT(std::abs(fd), 1e-3);  // l2 matters here, so the check is not vacuous
  EXPECT_NEAR(g->d_log_l2, fd, 0.1 * std::abs(fd)) << "finite difference " << fd;
  EXPECT_EQ(g->d_log_lr, 0.0);
}

}  // namespace search_hypergradient_test
}  // namespace optiscope
