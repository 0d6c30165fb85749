// Tests of the kernels, the SMO solver (KKT conditions, cache equivalence) and KernelSvm.
#include "engine/models/classic/kernel_svm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "engine/core/rng.h"
#include "engine/models/classic/smo_solver.h"

namespace optiscope {
namespace kernel_svm_test {

TEST(KernelFunctionTest, ValuesMatchTheirFormulas) {
  Mat A(1, 2), B(1, 2);
  A << 1, 2;
  B << 3, -1;
  const Vec an = A.rowwise().squaredNorm(), bn = B.rowwise().squaredNorm();
  Mat k;
  KernelFunction f;
  f.gamma = 0.5;
  f.Block(A, an, B, bn, &k);
  EXPECT_NEAR(k(0, 0), std::exp(-0.5 * (4 + 9)), 1e-7);
  f.kind = KernelKind::kPoly;
  f.coef0 = 1.0;
  f.degree = 3;
  f.Block(A, an, B, bn, &k);
  EXPECT_NEAR(k(0, 0), std::pow(0.5 * 1 + 1.0, 3), 1e-6);
  f.kind = KernelKind::kLinear;
  f.Block(A, an, B, bn, &k);
  EXPECT_FLOAT_EQ(k(0, 0), 1.0f);
}

struct Problem {
  Mat X;
  std::vector<int8_t> y;
  std::vector<int> rows;
};

Problem Overlapping(int n, uint64_t seed) {
  Rng rng(seed);
  Problem p;
  p.X.resize(n, 2);
  for (int i = 0; i < n; ++i) {
    const int8_t label = i % 2 == 0 ? 1 : -1;
    p.X(i, 0) = static_cast<float>(label * 0.8 + rng.Normal());
    p.X(i, 1) = static_cast<float>(rng.Normal());
    p.y.push_back(label);
    p.rows.push_back(i);
  }
  return p;
}

TEST(SmoSolverTest, SolutionSatisfiesKktConditions) {
  const Problem p = Overlapping(120, 1);
  KernelFunction f;
  f.gamma = 0.5;
  KernelMatrix kernel(p.X, f, size_t{1} << 30);
  SmoOptions o;
  o.C = 2.0;
  SmoResult r;
  ASSERT_TRUE(SolveSmo(kernel, p.rows, p.y, o, {}, &r).ok());
  EXPECT_TRUE(r.converged);
  double balance = 0.0;
  int free_count = 0;
  for (size_t i = 0; i < p.rows.size(); ++i) {
    balance += r.alpha[i] * p.y[i];
    const float* k = kernel.Row(static_cast<int>(i));
    double f_i = -r.rho;
    for (size_t j = 0; j < p.rows.size(); ++j) f_i += r.alpha[j] * p.y[j] * k[j];
    const double margin = p.y[i] * f_i;
    ASSERT_GE(r.alpha[i], 0.0);
    ASSERT_LE(r.alpha[i], o.C);
    if (r.alpha[i] == 0.0) {
      EXPECT_GE(margin, 1.0 - 2e-3) << i;
    } else if (r.alpha[i] == o.C) {
      EXPECT_LE(margin, 1.0 + 2e-3) << i;
    } else {
      ++free_count;
      EXPECT_NEAR(margin, 1.0, 2e-3) << i;
    }
  }
  EXPECT_NEAR(balance, 0.0, 1e-9);
  EXPECT_GT(free_count, 0);
}

TEST(SmoSolverTest, LruRowCacheGivesTheSameSolutionAsTheFullMatrix) {
  const Problem p = Overlapping(80, 2);
  KernelFunction f;
  f.gamma = 1.0;
  KernelMatrix full(p.X, f, size_t{1} << 30);
  KernelMatrix cached(p.X, f, 3 * 80 * sizeof(float));  // three rows
  ASSERT_TRUE(full.full());
  ASSERT_FALSE(cached.full());
  SmoResult a, b;
  ASSERT_TRUE(SolveSmo(full, p.rows, p.y, {}, {}, &a).ok());
  ASSERT_TRUE(SolveSmo(cached, p.rows, p.y, {}, {}, &b).ok());
  // The same solution up to float rounding: the full matrix is one GEMM, a cached row a GEMV, and
  // how each rounds depends on the compiler (gcc -O3 agrees bit for bit, clang -O1 with ASan
  // differs in the 7th digit).
  ASSERT_EQ(a.alpha.size(), b.alpha.size());
  for (size_t i = 0; i < a.alpha.size(); ++i) EXPECT_NEAR(a.alpha[i], b.alpha[i], 1e-5) << i;
  EXPECT_NEAR(a.rho, b.rho, 1e-5);
}

TEST(KernelSvmTest, RbfSolvesXorWhereALinearKernelCannot) {
  Rng rng(3);
  const int n = 200;
  Mat X(n, 2);
  Vec y(n);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = static_cast<float>(rng.Uniform(-1, 1));
    X(i, 1) = static_cast<float>(rng.Uniform(-1, 1));
    y[i] = (X(i, 0) > 0) != (X(i, 1) > 0) ? 1.0f : 0.0f;
  }
  KernelSvmOptions o;
  o.C = 10.0;
  KernelSvm rbf(o);
  ASSERT_TRUE(rbf.Fit(X, y, TaskKind::kClassification, 2).ok());
  Vec pred;
  rbf.Predict(X, &pred);
  EXPECT_GT((pred.array() == y.array()).cast<double>().mean(), 0.95);
  o.kernel = KernelKind::kLinear;
  KernelSvm linear(o);
  ASSERT_TRUE(linear.Fit(X, y, TaskKind::kClassification, 2).ok());
  linear.Predict(X, &pred);
  EXPECT_LT((pred.array() == y.array()).cast<double>().mean(), 0.75);
}

TEST(KernelSvmTest, GammaScaleAndOneVsOneVoting) {
  Rng rng(4);
  const int n = 90;
  Mat X(n, 3);
  Vec y(n);
  for (int i = 0; i < n; ++i) {
    const int c = i % 3;
    for (int j = 0; j < 3; ++j) X(i, j) = static_cast<float>((j == c ? 3.0 : 0.0) + rng.Normal());
    y[i] = static_cast<float>(c);
  }
  KernelSvm svm;
  ASSERT_TRUE(svm.Fit(X, y, TaskKind::kClassification, 3).ok());
  const MatD Xd = X.cast<double>();
  const double var = (Xd.array() - Xd.mean()).square().mean();
  EXPECT_NEAR(svm.gamma(), 1.0 / (3 * var), 1e-9);
  MatD values;
  svm.DecisionFunction(X, &values);
  EXPECT_EQ(values.cols(), 3);  // pairs (0,1), (0,2), (1,2)
  Mat proba;
  svm.PredictProba(X, &proba);
  Vec pred;
  svm.Predict(X, &pred);
  for (int i = 0; i < n; ++i) {
    const int votes0 = (values(i, 0) > 0) + (values(i, 1) > 0);
    EXPECT_NEAR(proba(i, 0), votes0 / 3.0, 1e-6);
  }
  EXPECT_GT((pred.array() == y.array()).cast<double>().mean(), 0.9);
  EXPECT_GT(svm.NumSupportVectors(), 0);
}

TEST(KernelSvmTest, AClassAbsentFromTrainingIsNeverPredicted) {
  Mat X(4, 1);
  X << 0, 1, 5, 6;
  Vec y(4);
  y << 0, 0, 2, 2;  // class 1 has no rows
  KernelSvm svm;
  ASSERT_TRUE(svm.Fit(X, y, TaskKind::kClassification, 3).ok());
  Vec pred;
  svm.Predict(X, &pred);
  EXPECT_EQ(pred, y);
}

}  // namespace kernel_svm_test
}  // namespace optiscope
