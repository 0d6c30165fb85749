// Pca solver paths added for the race and the speed work: FitAbout (a given centre), the Gram
// path for very wide inputs, the fused randomized passes against the exact solver, and the
// randomized solver's fallback on rank-deficient data.
#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <cmath>

#include "engine/core/rng.h"
#include "engine/features/pca.h"

namespace optiscope {
namespace pca_solvers_test {

Mat Gaussian(int n, int d, uint64_t seed) {
  Rng rng(seed);
  Mat X(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) X(i, j) = static_cast<float>(rng.Normal());
  return X;
}

TEST(PcaSolvers, WideInputsUseTheGramMatrixAndMatchTheSvd) {
  const Mat X = Gaussian(12, 200, 1);
  Pca pca(PcaOptions{.n_components = 3, .solver = PcaSolver::kFull});
  ASSERT_TRUE(pca.Fit(X).ok());
  EXPECT_EQ(pca.solver_used(), "gram");
  MatCD centred = X.cast<double>();
  centred.rowwise() -= centred.colwise().mean();
  Eigen::JacobiSVD<MatCD> svd(centred, Eigen::ComputeThinV);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(pca.singular_values()[j], svd.singularValues()[j], 1e-9 * svd.singularValues()[0]);
    EXPECT_NEAR(std::abs(pca.components().row(j).dot(svd.matrixV().col(j).transpose())), 1.0, 1e-9);
  }
  EXPECT_NEAR(pca.explained_variance_ratio().sum() * centred.squaredNorm(),
              svd.singularValues().head(3).squaredNorm(), 1e-6 * centred.squaredNorm());
}

TEST(PcaSolvers, FitAboutUsesTheGivenCentre) {
  const Mat X = Gaussian(30, 5, 2);
  VecD center(5);
  center << 1, -2, 0.5, 3, 0;
  Pca about(PcaOptions{.n_components = 2, .solver = PcaSolver::kFull});
  ASSERT_TRUE(about.FitAbout(X, center).ok());
  EXPECT_EQ(about.mean(), center);
  MatCD d = X.cast<double>();
  d.rowwise() -= center.transpose();
  Eigen::JacobiSVD<MatCD> svd(d, Eigen::ComputeThinV);
  EXPECT_NEAR(about.singular_values()[0], svd.singularValues()[0], 1e-4 * svd.singularValues()[0]);
  EXPECT_NEAR(std::abs(about.components().row(0).dot(svd.matrixV().col(0).transpose())), 1.0, 1e-6);
  // One row is enough about a centre (not for Fit), and a wrong-sized centre is refused.
  Pca one(PcaOptions{.n_components = 1, .solver = PcaSolver::kFull});
  ASSERT_TRUE(one.FitAbout(X.topRows(1), center).ok());
  EXPECT_NEAR(one.explained_variance_ratio()[0], 1.0, 1e-12);
  EXPECT_FALSE(one.Fit(X.topRows(1)).ok());
  EXPECT_FALSE(one.FitAbout(X, VecD::Zero(4)).ok());
}

TEST(PcaSolvers, FusedRandomizedMatchesTheExactSolver) {
  // Planted rank-5 structure plus noise, as in bench/pca.cpp (smaller).
  Rng rng(3);
  Eigen::MatrixXd a(20000, 5), b(5, 60);
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < 5; ++j) a(i, j) = rng.Normal();
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 60; ++j) b(i, j) = rng.Normal();
  Eigen::MatrixXd z = a * b;
  for (int i = 0; i < z.rows(); ++i)
    for (int j = 0; j < z.cols(); ++j) z(i, j) += 0.1 * rng.Normal() + 3.0;  // and an offset
  const Mat X = z.cast<float>();
  Pca exact(PcaOptions{.n_components = 4, .solver = PcaSolver::kFull});
  Pca randomized(PcaOptions{.n_components = 4, .solver = PcaSolver::kRandomized});
  ASSERT_TRUE(exact.Fit(X).ok());
  ASSERT_TRUE(randomized.Fit(X).ok());
  EXPECT_EQ(randomized.solver_used(), "randomized");
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(randomized.explained_variance_ratio()[j], exact.explained_variance_ratio()[j],
                1e-5);
    EXPECT_GT(randomized.components().row(j).dot(exact.components().row(j)), 1.0 - 1e-6);
  }
  const Mat s1 = exact.Transform(X.topRows(5)), s2 = randomized.Transform(X.topRows(5));
  EXPECT_LT((s1 - s2).cwiseAbs().maxCoeff(), 1e-2 * s1.cwiseAbs().maxCoeff());
}

TEST(PcaSolvers, RandomizedFallsBackOnRankDeficientData) {
  Mat X(2000, 20);
  for (int i = 0; i < X.rows(); ++i)  // rank 1, and the centring is exact in float
    for (int j = 0; j < X.cols(); ++j) X(i, j) = static_cast<float>((i % 2) * (j + 1));
  Pca pca(PcaOptions{.n_components = 2, .solver = PcaSolver::kRandomized});
  ASSERT_TRUE(pca.Fit(X).ok());
  EXPECT_EQ(pca.solver_used(), "covariance");
  EXPECT_NEAR(pca.explained_variance_ratio()[0], 1.0, 1e-5);
}

}  // namespace pca_solvers_test
}  // namespace optiscope
