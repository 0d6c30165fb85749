#include "engine/search/statistics.h"

#include <cmath>
#include <limits>

namespace optiscope {
namespace {

// Continued fraction for I_x(a, b) (modified Lentz).
double BetaContinuedFraction(double a, double b, double x) {
  const double kTiny = 1e-300, kEps = 1e-16;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

}  // namespace

double RegularizedIncompleteBeta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                           a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * BetaContinuedFraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

double StudentTCdf(double t, double dof) {
  if (std::isnan(t)) return t;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double x = dof / (dof + t * t);
  const double tail = 0.5 * RegularizedIncompleteBeta(0.5 * dof, 0.5, x);
  return t > 0 ? 1.0 - tail : tail;
}

Result<TTestResult> CorrectedResampledTTest(std::span<const double> a, std::span<const double> b,
                                            double test_train_ratio) {
  if (a.size() != b.size()) {
    return Status::InvalidArgument("t-test: the two score lists differ in length (" +
                                   std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
                                   ")");
  }
  if (a.size() < 2) return Status::InvalidArgument("t-test: needs at least 2 paired scores");
  if (!(test_train_ratio >= 0)) {
    return Status::InvalidArgument("t-test: test_train_ratio must be >= 0");
  }
  const double k = static_cast<double>(a.size());
  double mean = 0;
  for (size_t i = 0; i < a.size(); ++i) mean += a[i] - b[i];
  mean /= k;
  double var = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double dv = a[i] - b[i] - mean;
    var += dv * dv;
  }
  var /= (k - 1);
  TTestResult r;
  r.mean_difference = mean;
  r.dof = k - 1;
  const double denom = std::sqrt((1.0 / k + test_train_ratio) * var);
  if (denom == 0.0) {
    if (mean == 0.0) {
      r.t = 0.0;
      r.p_value = 1.0;
    } else {
      r.t = mean > 0 ? std::numeric_limits<double>::infinity()
                     : -std::numeric_limits<double>::infinity();
      r.p_value = 0.0;
    }
    return r;
  }
  r.t = mean / denom;
  r.p_value = RegularizedIncompleteBeta(0.5 * r.dof, 0.5, r.dof / (r.dof + r.t * r.t));
  return r;
}

}  // namespace optiscope
