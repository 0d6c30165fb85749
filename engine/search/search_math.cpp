#include "engine/search/search_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscope::search_math {

double NormalPdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * kPi); }

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double LogNormalCdf(double x) {
  if (x > 5.0) return std::log1p(-0.5 * std::erfc(x / std::sqrt(2.0)));
  if (x > -20.0) return std::log(0.5 * std::erfc(-x / std::sqrt(2.0)));
  // Phi(x) = phi(x)/|x| * (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 ...) for x -> -inf.
  const double x2 = x * x;
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= 5; ++k) {
    term *= -(2.0 * k - 1.0) / x2;
    sum += term;
  }
  return -0.5 * x2 - 0.5 * std::log(2.0 * kPi) - std::log(-x) + std::log(sum);
}

double NormalQuantile(double p) {
  if (p <= 0.0) return -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return std::numeric_limits<double>::infinity();
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                             -2.759285104469687e+02, 1.383577518672690e+02,
                             -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                             -1.556989798598866e+02, 6.680131188771972e+01,
                             -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                             -2.400758277161838e+00, -2.549732539343734e+00,
                             4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                             2.445134137142996e+00, 3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (p < plow) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley refinement step.
  const double e = NormalCdf(x) - p;
  const double u = e * std::sqrt(2 * kPi) * std::exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

double LogAddExp(double a, double b) {
  if (a == -std::numeric_limits<double>::infinity()) return b;
  if (b == -std::numeric_limits<double>::infinity()) return a;
  const double m = std::max(a, b);
  return m + std::log1p(std::exp(-std::fabs(a - b)));
}

double LogGaussMass(double a, double b) {
  if (b <= 0.0) {
    const double lb = LogNormalCdf(b), la = LogNormalCdf(a);
    return lb + std::log1p(-std::exp(la - lb));
  }
  if (a >= 0.0) return LogGaussMass(-b, -a);
  // Straddles 0: 1 - Phi(a) - Phi(-b), both terms <= 0.5.
  return std::log1p(-NormalCdf(a) - NormalCdf(-b));
}

double SampleTruncatedNormal(double mu, double sigma, double low, double high, Rng& rng) {
  double a = (low - mu) / sigma, b = (high - mu) / sigma;
  bool flip = false;
  if (a > 0) {  // sample the mirrored interval where the cdf keeps its precision
    flip = true;
    const double t = a;
    a = -b;
    b = -t;
  }
  const double la = LogNormalCdf(a), lb = LogNormalCdf(b);
  const double u = rng.Uniform();
  // log(Phi(a) + u (Phi(b) - Phi(a))).
  const double lp = lb + std::log(u + (1.0 - u) * std::exp(la - lb));
  double z;
  if (lp > std::log(1e-300)) {
    z = NormalQuantile(std::exp(lp));
  } else {
    z = a;  // numerically at the lower end of a tail far from the mean
  }
  z = std::clamp(z, a, b);
  if (flip) z = -z;
  return std::clamp(mu + sigma * z, low, high);
}

double LogTruncatedNormalPdf(double x, double mu, double sigma, double low, double high) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - 0.5 * std::log(2 * kPi) - std::log(sigma) -
         LogGaussMass((low - mu) / sigma, (high - mu) / sigma);
}

}  // namespace optiscope::search_math
