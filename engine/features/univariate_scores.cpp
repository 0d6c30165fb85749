#include "engine/features/univariate_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/rng.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

Result<int> CountClasses(const Mat& X, const Vec& y) {
  if (y.size() != X.rows() || X.rows() == 0) {
    return Status::InvalidArgument("need one target per row and at least one row");
  }
  int k = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const double v = y[i];
    if (v < 0 || v != std::floor(v)) {
      return Status::InvalidArgument("scores need class ids (classification target)");
    }
    k = std::max(k, static_cast<int>(v) + 1);
  }
  return k;
}

}  // namespace

double Digamma(double x) {
  double result = 0.0;
  while (x < 6.0) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double f = 1.0 / (x * x);
  return result + std::log(x) - 0.5 / x -
         f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

std::vector<double> VarianceScores(const Mat& X) {
  std::vector<double> out(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const Eigen::VectorXd c = X.col(j).cast<double>();
    out[j] = (c.array() - c.mean()).square().mean();
  }
  return out;
}

Result<std::vector<double>> AnovaFScores(const Mat& X, const Vec& y) {
  auto classes = CountClasses(X, y);
  if (!classes.ok()) return classes.status();
  const int k = *classes;
  const long long n = X.rows();
  if (k < 2 || n <= k) {
    return Status::InvalidArgument("ANOVA F needs at least 2 classes and more rows than classes");
  }
  std::vector<double> out(X.cols());
  std::vector<double> sum(k), count(k);
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(count.begin(), count.end(), 0.0);
    double total = 0.0;
    for (long long i = 0; i < n; ++i) {
      const int c = static_cast<int>(y[i]);
      sum[c] += X(i, j);
      count[c] += 1;
      total += X(i, j);
    }
    const double mean = total / n;
    double ssb = 0.0, ssw = 0.0;
    for (int c = 0; c < k; ++c) {
      if (count[c] > 0) ssb += count[c] * std::pow(sum[c] / count[c] - mean, 2);
    }
    for (long long i = 0; i < n; ++i) {
      const int c = static_cast<int>(y[i]);
      ssw += std::pow(X(i, j) - sum[c] / count[c], 2);
    }
    int present = 0;
    for (int c = 0; c < k; ++c) present += count[c] > 0;
    const double msb = ssb / (present - 1);
    const double msw = ssw / (n - present);
    out[j] = msw > 0 ? msb / msw : (msb > 0 ? std::numeric_limits<double>::infinity() : kNaN);
  }
  return out;
}

Result<std::vector<double>> Chi2Scores(const Mat& X, const Vec& y) {
  auto classes = CountClasses(X, y);
  if (!classes.ok()) return classes.status();
  const int k = *classes;
  if ((X.array() < 0).any()) {
    return Status::InvalidArgument("chi2 needs non-negative features (use minmax scaling)");
  }
  Eigen::MatrixXd observed = Eigen::MatrixXd::Zero(k, X.cols());
  Eigen::VectorXd class_count = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    const int c = static_cast<int>(y[i]);
    observed.row(c) += X.row(i).cast<double>();
    class_count[c] += 1;
  }
  const Eigen::RowVectorXd feature_total = observed.colwise().sum();
  const Eigen::VectorXd class_prob = class_count / static_cast<double>(X.rows());
  std::vector<double> out(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    double chi = 0.0;
    bool any = false;
    for (int c = 0; c < k; ++c) {
      const double expected = class_prob[c] * feature_total[j];
      if (class_count[c] == 0) continue;
      if (expected > 0) {
        chi += std::pow(observed(c, j) - expected, 2) / expected;
        any = true;
      }
    }
    out[j] = any ? chi : kNaN;
  }
  return out;
}

Result<std::vector<double>> MutualInfoScores(const Mat& X, const Vec& y, int n_neighbors,
                                             uint64_t seed) {
  auto classes = CountClasses(X, y);
  if (!classes.ok()) return classes.status();
  const int k_classes = *classes;
  const int n = static_cast<int>(X.rows());
  if (n_neighbors < 1) return Status::InvalidArgument("n_neighbors must be >= 1");
  std::vector<int> class_count(k_classes, 0);
  for (int i = 0; i < n; ++i) ++class_count[static_cast<int>(y[i])];
  Rng rng(seed);
  std::vector<double> out(X.cols());
  std::vector<double> c(n);
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    Eigen::VectorXd col = X.col(j).cast<double>();
    const double sd = std::sqrt((col.array() - col.mean()).square().mean());
    if (sd > 0) col /= sd;
    const double noise = 1e-10 * std::max(1.0, col.cwiseAbs().mean());
    for (int i = 0; i < n; ++i) c[i] = col[i] + noise * rng.Normal();
    // Within-class k-th neighbour distance of every point (1-D: a window in sorted order).
    std::vector<double> radius(n, 0.0), k_of(n, 0.0);
    for (int label = 0; label < k_classes; ++label) {
      std::vector<double> values;
      std::vector<int> rows;
      for (int i = 0; i < n; ++i) {
        if (static_cast<int>(y[i]) == label) rows.push_back(i);
      }
      const int count = static_cast<int>(rows.size());
      if (count < 2) continue;
      const int k = std::min(n_neighbors, count - 1);
      std::sort(rows.begin(), rows.end(), [&](int a, int b) { return c[a] < c[b]; });
      for (int r : rows) values.push_back(c[r]);
      for (int p = 0; p < count; ++p) {
        // Merge outward from p: the k-th nearest of the others.
        int lo = p - 1, hi = p + 1;
        double dist = 0.0;
        for (int step = 0; step < k; ++step) {
          const double dl = lo >= 0 ? values[p] - values[lo] : std::numeric_limits<double>::max();
          const double dh = hi < count ? values[hi] - values[p] : std::numeric_limits<double>::max();
          if (dl <= dh) {
            dist = dl;
            --lo;
          } else {
            dist = dh;
            ++hi;
          }
        }
        radius[rows[p]] = std::nextafter(dist, 0.0);
        k_of[rows[p]] = k;
      }
    }
    std::vector<double> kept;
    for (int i = 0; i < n; ++i) {
      if (class_count[static_cast<int>(y[i])] > 1) kept.push_back(c[i]);
    }
    std::sort(kept.begin(), kept.end());
    const int m = static_cast<int>(kept.size());
    if (m == 0) {
      out[j] = 0.0;
      continue;
    }
    double mean_k = 0.0, mean_label = 0.0, mean_m = 0.0;
    for (int i = 0; i < n; ++i) {
      const int count = class_count[static_cast<int>(y[i])];
      if (count < 2) continue;
      // Points within distance <= radius (itself included).
      // Compare distances, not shifted positions: c +- r would round onto the k-th neighbour.
      const double ci = c[i], r = radius[i];
      const auto lo = std::partition_point(kept.begin(), kept.end(),
                                           [&](double x) { return ci - x > r; });
      const auto hi = std::partition_point(lo, kept.end(), [&](double x) { return x - ci <= r; });
      mean_m += Digamma(static_cast<double>(hi - lo));
      mean_k += Digamma(k_of[i]);
      mean_label += Digamma(count);
    }
    const double mi = Digamma(m) + (mean_k - mean_label - mean_m) / m;
    out[j] = std::max(0.0, mi);
  }
  return out;
}

}  // namespace optiscope
