#include "engine/features/lanczos.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "engine/core/rng.h"

namespace optiscope {
namespace {

EigenPairs Dense(const MatCD& A, int k) {
  Eigen::SelfAdjointEigenSolver<MatCD> eig(A);
  const int n = static_cast<int>(A.rows());
  EigenPairs out;
  out.values.resize(k);
  out.vectors.resize(n, k);
  for (int j = 0; j < k; ++j) {
    out.values[j] = eig.eigenvalues()[n - 1 - j];
    out.vectors.col(j) = eig.eigenvectors().col(n - 1 - j);
  }
  return out;
}

}  // namespace

EigenPairs TopEigenpairs(const MatCD& A, int k, double tol, uint64_t seed) {
  const int n = static_cast<int>(A.rows());
  if (n <= 64) return Dense(A, k);
  const int max_steps = n;
  MatCD V(n, std::min(n, std::max(2 * k + 40, 80)));
  VecD alpha(V.cols()), beta(V.cols());
  Rng rng(seed);
  VecD v(n);
  for (int i = 0; i < n; ++i) v[i] = rng.Uniform(-1.0, 1.0);  // like ARPACK's v0
  v.normalize();
  const double scale = std::max(A.cwiseAbs().maxCoeff(), 1e-300);
  int m = 0;
  VecD w(n);
  while (true) {
    if (m == V.cols()) V.conservativeResize(n, std::min(n, 2 * static_cast<int>(V.cols())));
    if (m == static_cast<int>(alpha.size())) {
      alpha.conservativeResize(V.cols());
      beta.conservativeResize(V.cols());
    }
    V.col(m) = v;
    w.noalias() = A * v;
    alpha[m] = v.dot(w);
    // Full reorthogonalization against every basis vector, twice (Kahan's "twice is enough").
    for (int pass = 0; pass < 2; ++pass) {
      w -= V.leftCols(m + 1) * (V.leftCols(m + 1).transpose() * w);
    }
    const double b = w.norm();
    beta[m] = b;
    ++m;
    const bool check = m >= k && (m % 5 == 0 || m == max_steps || b <= 1e-14 * scale * n);
    if (check) {
      MatCD T = MatCD::Zero(m, m);
      for (int i = 0; i < m; ++i) {
        T(i, i) = alpha[i];
        if (i + 1 < m) T(i, i + 1) = T(i + 1, i) = beta[i];
      }
      Eigen::SelfAdjointEigenSolver<MatCD> eig(T);
      const double top = eig.eigenvalues().cwiseAbs().maxCoeff();
      bool converged = true;
      for (int j = 0; j < k && converged; ++j) {
        const double residual = std::abs(b * eig.eigenvectors()(m - 1, m - 1 - j));
        converged = residual <= tol * std::max(top, 1e-300);
      }
      if (converged || m == max_steps || b <= 1e-14 * scale * n) {
        EigenPairs out;
        out.values.resize(k);
        out.vectors.resize(n, k);
        for (int j = 0; j < k; ++j) {
          out.values[j] = eig.eigenvalues()[m - 1 - j];
          out.vectors.col(j) = (V.leftCols(m) * eig.eigenvectors().col(m - 1 - j)).normalized();
        }
        return out;
      }
    }
    if (b <= 1e-14 * scale * n) return Dense(A, k);  // invariant subspace smaller than k
    v = w / b;
  }
}

}  // namespace optiscope
