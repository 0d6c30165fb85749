#include "engine/compress/quant_scheme.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscope {

Result<QuantFormat> ParseQuantFormat(const std::string& text) {
  if (text == "8" || text == "int8") return QuantFormat::kInt8;
  if (text == "4" || text == "int4") return QuantFormat::kInt4;
  if (text == "2" || text == "int2") return QuantFormat::kInt2;
  if (text == "1.58" || text == "ternary") return QuantFormat::kTernary;
  if (text == "1" || text == "binary") return QuantFormat::kBinary;
  return Status::InvalidArgument("unknown bit-width '" + text +
                                 "' (expected 8, 4, 2, 1.58 (ternary) or 1 (binary))");
}

const char* QuantFormatName(QuantFormat format) {
  switch (format) {
    case QuantFormat::kInt8: return "int8";
    case QuantFormat::kInt4: return "int4";
    case QuantFormat::kInt2: return "int2";
    case QuantFormat::kTernary: return "ternary";
    case QuantFormat::kBinary: return "binary";
  }
  return "?";
}

Result<Calibration> ParseCalibration(const std::string& text) {
  if (text == "minmax") return Calibration::kMinMax;
  if (text == "percentile") return Calibration::kPercentile;
  if (text == "mse") return Calibration::kMse;
  return Status::InvalidArgument("unknown calibration '" + text +
                                 "' (expected minmax, percentile or mse)");
}

const char* CalibrationName(Calibration calibration) {
  switch (calibration) {
    case Calibration::kMinMax: return "minmax";
    case Calibration::kPercentile: return "percentile";
    case Calibration::kMse: return "mse";
  }
  return "?";
}

void WeightRange(QuantFormat format, int* qmin, int* qmax) {
  switch (format) {
    case QuantFormat::kInt8: *qmin = -128; *qmax = 127; return;
    case QuantFormat::kInt4: *qmin = -8; *qmax = 7; return;
    case QuantFormat::kInt2: *qmin = -2; *qmax = 1; return;
    case QuantFormat::kTernary:
    case QuantFormat::kBinary: *qmin = -1; *qmax = 1; return;
  }
}

namespace {

// Scale and zero point of the range [lo, hi] (which is widened to include 0).
void RangeParams(double lo, double hi, int qmin, int qmax, bool symmetric, float* scale,
                 int32_t* zero) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (symmetric) {
    const double m = std::max(-lo, hi);
    *scale = m > 0 ? static_cast<float>(m / ((qmax - qmin) / 2.0)) : 1.0f;
    *zero = 0;
    return;
  }
  const double s = (hi - lo) / (qmax - qmin);
  *scale = s > 0 ? static_cast<float>(s) : 1.0f;
  const long z = qmin - std::lround(lo / *scale);
  *zero = static_cast<int32_t>(std::clamp<long>(z, qmin, qmax));
}

int QuantizeOne(float x, float s, int32_t z, int qmin, int qmax, QuantFormat format) {
  if (format == QuantFormat::kBinary) return x >= 0 ? 1 : -1;
  if (format == QuantFormat::kTernary) {
    return static_cast<int>(std::clamp<long>(std::lround(x / (s + 1e-6f)), -1, 1));
  }
  return static_cast<int>(std::clamp<long>(std::lround(x / s) + z, qmin, qmax));
}

// Sum of squared errors of quantizing `x` with (s, z).
double QuantError(std::span<const float> x, float s, int32_t z, int qmin, int qmax) {
  double e = 0;
  for (float v : x) {
    const int q = QuantizeOne(v, s, z, qmin, qmax, QuantFormat::kInt8);
    const double d = (q - z) * static_cast<double>(s) - v;
    e += d * d;
  }
  return e;
}

// The clipped range [lo, hi] of `x` under the calibration method, then its (scale, zero).
void Calibrate(std::span<const float> x, int qmin, int qmax, bool symmetric, Calibration cal,
               double percentile, float* scale, int32_t* zero) {
  double lo = 0, hi = 0;
  for (float v : x) {
    lo = std::min<double>(lo, v);
    hi = std::max<double>(hi, v);
  }
  if (cal == Calibration::kPercentile && !x.empty()) {
    std::vector<float> mags(x.size());
    for (size_t i = 0; i < x.size(); ++i) mags[i] = std::fabs(x[i]);
    const double p = std::clamp(percentile, 0.0, 100.0) / 100.0;
    const size_t k = std::min(mags.size() - 1, static_cast<size_t>(p * (mags.size() - 1) + 0.5));
    std::nth_element(mags.begin(), mags.begin() + k, mags.end());
    const double clip = mags[k];
    lo = std::max(lo, -clip);
    hi = std::min(hi, clip);
  }
  RangeParams(lo, hi, qmin, qmax, symmetric, scale, zero);
  if (cal != Calibration::kMse) return;
  double best = QuantError(x, *scale, *zero, qmin, qmax);
  for (int step = 1; step <= 70; ++step) {
    const double ratio = 1.0 - 0.01 * step;
    float s;
    int32_t z;
    RangeParams(lo * ratio, hi * ratio, qmin, qmax, symmetric, &s, &z);
    const double e = QuantError(x, s, z, qmin, qmax);
    if (e < best) {
      best = e;
      *scale = s;
      *zero = z;
    }
  }
}

}  // namespace

QuantParams ChooseWeightParams(std::span<const float> values, int channels,
                               const QuantSpec& spec) {
  QuantParams p;
  WeightRange(spec.format, &p.qmin, &p.qmax);
  const int groups = spec.per_channel ? channels : 1;
  const size_t len = values.size() / groups;
  p.scale.resize(groups);
  p.zero_point.assign(groups, 0);
  for (int c = 0; c < groups; ++c) {
    const std::span<const float> x = values.subspan(c * len, len);
    if (spec.format == QuantFormat::kTernary || spec.format == QuantFormat::kBinary) {
      double sum = 0;
      for (float v : x) sum += std::fabs(v);
      const double mean = x.empty() ? 0 : sum / x.size();
      p.scale[c] = mean > 0 ? static_cast<float>(mean) : 1.0f;
      continue;
    }
    Calibrate(x, p.qmin, p.qmax, spec.symmetric, spec.calibration, spec.percentile, &p.scale[c],
              &p.zero_point[c]);
  }
  return p;
}

QuantParams ChooseActivationParams(std::span<const float> values, int bits,
                                   Calibration calibration, double percentile) {
  QuantParams p;
  p.qmin = 0;
  p.qmax = (1 << bits) - 1;
  p.scale.resize(1);
  p.zero_point.resize(1);
  Calibrate(values, p.qmin, p.qmax, false, calibration, percentile, &p.scale[0],
            &p.zero_point[0]);
  return p;
}

void QuantizeValues(std::span<const float> values, int channels, const QuantParams& params,
                    QuantFormat format, std::span<int8_t> out) {
  const int groups = static_cast<int>(params.scale.size());
  const size_t len = values.size() / std::max(1, groups == 1 ? 1 : channels);
  for (size_t i = 0; i < values.size(); ++i) {
    const int c = groups == 1 ? 0 : static_cast<int>(i / len);
    out[i] = static_cast<int8_t>(QuantizeOne(values[i], params.scale[c], params.zero_point[c],
                                             params.qmin, params.qmax, format));
  }
}

void DequantizeValues(std::span<const int8_t> q, int channels, const QuantParams& params,
                      std::span<float> out) {
  const int groups = static_cast<int>(params.scale.size());
  const size_t len = q.size() / std::max(1, groups == 1 ? 1 : channels);
  for (size_t i = 0; i < q.size(); ++i) {
    const int c = groups == 1 ? 0 : static_cast<int>(i / len);
    out[i] = static_cast<float>(q[i] - params.zero_point[c]) * params.scale[c];
  }
}

void FakeQuantize(std::span<float> values, int channels, const QuantSpec& spec) {
  const QuantParams p = ChooseWeightParams(values, channels, spec);
  std::vector<int8_t> q(values.size());
  QuantizeValues(values, channels, p, spec.format, q);
  DequantizeValues(q, channels, p, values);
}

}  // namespace optiscope
