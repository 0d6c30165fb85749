#include "engine/search/parzen_estimator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/search/param_transform.h"
#include "engine/search/search_math.h"

namespace optiscope {

std::vector<double> TpeDefaultWeights(int n) {
  std::vector<double> w;
  if (n <= 0) return w;
  if (n < 25) return std::vector<double>(n, 1.0);
  const int ramp = n - 25;
  for (int i = 0; i < ramp; ++i) {
    // numpy.linspace(1/n, 1, ramp)
    const double lo = 1.0 / n;
    w.push_back(ramp == 1 ? lo : lo + (1.0 - lo) * i / (ramp - 1));
  }
  w.insert(w.end(), 25, 1.0);
  return w;
}

ParzenEstimator::ParzenEstimator(std::vector<const ParamSpec*> specs,
                                 const std::vector<std::vector<double>>& observations,
                                 const ParzenOptions& options,
                                 const std::vector<double>* weights) {
  const int n = static_cast<int>(observations.size());
  const int d = static_cast<int>(specs.size());
  normalized_density_ = options.normalized_density;
  const bool prior = options.consider_prior || n == 0;
  weights_ = weights != nullptr && static_cast<int>(weights->size()) == n ? *weights
                                                                          : TpeDefaultWeights(n);
  if (prior) weights_.push_back(options.prior_weight);
  const double total = std::accumulate(weights_.begin(), weights_.end(), 0.0);
  for (double& w : weights_) w /= total;
  const int kernels = static_cast<int>(weights_.size());
  const double sigma0 =
      0.2 * std::pow(static_cast<double>(std::max(n, 1)), -1.0 / (d + 4));

  params_.resize(d);
  for (int j = 0; j < d; ++j) {
    Param& p = params_[j];
    p.spec = specs[j];
    p.categorical = p.spec->IsCategorical();
    if (p.categorical) {
      const int k = p.spec->NumChoices();
      const double base = options.prior_weight / kernels;
      p.cat_weights.assign(kernels, std::vector<double>(k, base));
      for (int i = 0; i < n; ++i) p.cat_weights[i][static_cast<int>(observations[i][j])] += 1.0;
      for (auto& row : p.cat_weights) {
        const double s = std::accumulate(row.begin(), row.end(), 0.0);
        for (double& v : row) v /= s;
      }
      continue;
    }
    const InternalRange r = InternalBounds(*p.spec);
    p.low = r.low;
    p.high = r.high;
    p.q = r.q;
    p.mus.resize(kernels);
    for (int i = 0; i < n; ++i) p.mus[i] = observations[i][j];
    if (prior) p.mus[n] = 0.5 * (p.low + p.high);
    p.sigmas.resize(kernels);
    if (options.multivariate) {
      std::fill(p.sigmas.begin(), p.sigmas.end(), sigma0 * (p.high - p.low));
    } else {
      std::vector<int> order(kernels);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](int a, int b) { return p.mus[a] < p.mus[b]; });
      std::vector<double> ext(kernels + 2);
      ext[0] = p.low;
      for (int i = 0; i < kernels; ++i) ext[i + 1] = p.mus[order[i]];
      ext[kernels + 1] = p.high;
      std::vector<double> sorted_sigmas(kernels);
      for (int i = 0; i < kernels; ++i) {
        sorted_sigmas[i] = std::max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
      }
      if (!options.consider_endpoints && kernels + 2 >= 4) {
        sorted_sigmas[0] = ext[2] - ext[1];
        sorted_sigmas[kernels - 1] = ext[kernels] - ext[kernels - 1];
      }
      for (int i = 0; i < kernels; ++i) p.sigmas[order[i]] = sorted_sigmas[i];
    }
    const double maxsigma = p.high - p.low;
    const double minsigma = options.consider_magic_clip
                                ? (p.high - p.low) / std::min(100.0, 1.0 + kernels)
                                : 1e-12;
    for (double& s : p.sigmas) s = std::clamp(s, minsigma, maxsigma);
    if (prior) p.sigmas[n] = p.high - p.low;
  }
}

std::vector<std::vector<double>> ParzenEstimator::Sample(int count, Rng& rng) const {
  std::vector<double> cum(weights_.size());
  std::partial_sum(weights_.begin(), weights_.end(), cum.begin());
  std::vector<std::vector<double>> out(count, std::vector<double>(params_.size()));
  std::vector<int> active(count);
  for (int s = 0; s < count; ++s) {
    const double u = rng.Uniform() * cum.back();
    active[s] = static_cast<int>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
    active[s] = std::min(active[s], static_cast<int>(cum.size()) - 1);
  }
  for (size_t j = 0; j < params_.size(); ++j) {
    const Param& p = params_[j];
    for (int s = 0; s < count; ++s) {
      const int k = active[s];
      if (p.categorical) {
        const double u = rng.Uniform();
        double c = 0.0;
        int choice = 0;
        const auto& row = p.cat_weights[k];
        for (; choice < static_cast<int>(row.size()) - 1; ++choice) {
          c += row[choice];
          if (u < c) break;
        }
        out[s][j] = choice;
      } else {
        const double x = search_math::SampleTruncatedNormal(p.mus[k], p.sigmas[k], p.low, p.high, rng);
        out[s][j] = ToInternal(*p.spec, FromInternal(*p.spec, x));
      }
    }
  }
  return out;
}

std::vector<double> ParzenEstimator::LogPdf(const std::vector<std::vector<double>>& samples) const {
  const int kernels = NumKernels();
  std::vector<double> out(samples.size());
  std::vector<double> comp(kernels);
  // Per-kernel constants: log weight, and for continuous parameters -log(sigma sqrt(2 pi)) minus
  // the log mass inside the bounds (0 when the bounds are more than 8 sigmas away).
  std::vector<double> base(kernels);
  for (int k = 0; k < kernels; ++k) base[k] = std::log(weights_[k]);
  std::vector<std::vector<double>> log_mass(params_.size()), inv_sigma(params_.size());
  for (size_t j = 0; j < params_.size(); ++j) {
    const Param& p = params_[j];
    if (p.categorical) continue;
    log_mass[j].resize(kernels);
    inv_sigma[j].resize(kernels);
    for (int k = 0; k < kernels; ++k) {
      const double a = (p.low - p.mus[k]) / p.sigmas[k], b = (p.high - p.mus[k]) / p.sigmas[k];
      log_mass[j][k] = (a < -8.0 && b > 8.0) ? 0.0 : search_math::LogGaussMass(a, b);
      inv_sigma[j][k] = 1.0 / p.sigmas[k];
      if (p.q == 0) {
        base[k] -= 0.5 * std::log(2 * search_math::kPi) + log_mass[j][k];
        if (normalized_density_) base[k] -= std::log(p.sigmas[k]);
      }
    }
  }
  for (size_t s = 0; s < samples.size(); ++s) {
    for (int k = 0; k < kernels; ++k) comp[k] = base[k];
    for (size_t j = 0; j < params_.size(); ++j) {
      const Param& p = params_[j];
      const double x = samples[s][j];
      if (p.categorical) {
        const int c = static_cast<int>(x);
        for (int k = 0; k < kernels; ++k) comp[k] += std::log(p.cat_weights[k][c]);
      } else if (p.q > 0) {
        const double ub = std::min(x + 0.5 * p.q, p.high), lb = std::max(x - 0.5 * p.q, p.low);
        for (int k = 0; k < kernels; ++k) {
          comp[k] += search_math::LogGaussMass((lb - p.mus[k]) * inv_sigma[j][k],
                                               (ub - p.mus[k]) * inv_sigma[j][k]) -
                     log_mass[j][k];
        }
      } else {
        const double* mu = p.mus.data();
        const double* is = inv_sigma[j].data();
        for (int k = 0; k < kernels; ++k) {
          const double z = (x - mu[k]) * is[k];
          comp[k] -= 0.5 * z * z;
        }
      }
    }
    const double m = *std::max_element(comp.begin(), comp.end());
    double sum = 0.0;
    for (int k = 0; k < kernels; ++k) {
      const double t = comp[k] - m;
      if (t > -40.0) sum += std::exp(t);  // smaller terms change the sum by < 1e-14 relative
    }
    out[s] = m + std::log(sum);
  }
  return out;
}

}  // namespace optiscope
