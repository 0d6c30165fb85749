// PCA / Kernel PCA speed benchmark (the same cases as ../shared/bench/peers/pca_sklearn.py):
// PCA(2) full and randomized on a 100000 x 100 matrix with a planted rank-5 structure plus noise,
// and Kernel PCA (rbf, 2 components) on its first 2000 rows. Prints one JSON line per case with
// the median of 5 fit times. Usage: bench_pca [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include "engine/core/rng.h"
#include "engine/features/kernel_pca.h"
#include "engine/features/pca.h"

namespace {

using optiscope::Mat;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Time(int repeats, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return Median(times);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int n = quick ? 20000 : 100000;
  const int d = 100;
  optiscope::Rng rng(0);
  Eigen::MatrixXd a(n, 5), b(5, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 5; ++j) a(i, j) = rng.Normal();
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < d; ++j) b(i, j) = rng.Normal();
  Eigen::MatrixXd z = a * b;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) z(i, j) += 0.1 * rng.Normal();
  const Mat X = z.cast<float>();

  optiscope::PcaOptions full;
  full.n_components = 2;
  full.solver = optiscope::PcaSolver::kFull;
  optiscope::PcaOptions randomized = full;
  randomized.solver = optiscope::PcaSolver::kRandomized;
  double evr0 = 0.0;
  const double full_s = Time(5, [&] {
    optiscope::Pca pca(full);
    (void)pca.Fit(X);
    evr0 = pca.explained_variance_ratio()[0];
  });
  const double randomized_s = Time(5, [&] {
    optiscope::Pca pca(randomized);
    (void)pca.Fit(X);
  });
  std::printf(
      "{\"impl\":\"optiscope\",\"case\":\"pca_%s_x_%d\",\"full_s\":%.4f,\"randomized_s\":%.4f,"
      "\"evr0\":%.6f}\n",
      quick ? "20k" : "100k", d, full_s, randomized_s, evr0);
  const Mat head = X.topRows(2000);
  optiscope::KernelPcaOptions kopt;
  kopt.n_components = 2;
  const double kpca_s = Time(5, [&] {
    optiscope::KernelPca kpca(kopt);
    (void)kpca.Fit(head);
  });
  std::printf("{\"impl\":\"optiscope\",\"case\":\"kpca_rbf_2000_x_100\",\"fit_s\":%.4f}\n", kpca_s);
  return 0;
}
