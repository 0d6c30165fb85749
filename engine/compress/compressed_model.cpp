#include "engine/compress/compressed_model.h"

#include <algorithm>
#include <cmath>

#include "engine/compress/compressed_model_file.h"

namespace optiscope {

namespace {

constexpr double kSparseThreshold = 0.7;

// M = m * 2^-shift with m in [2^30, 2^31): the fixed-point form of a positive real multiplier.
void FixedPoint(double M, int64_t* m, int* shift) {
  if (!(M > 0)) {
    *m = 0;
    *shift = 31;
    return;
  }
  int e = 0;
  const double f = std::frexp(M, &e);  // M = f * 2^e, f in [0.5, 1)
  int64_t mm = std::llround(f * 2147483648.0);
  if (mm == (int64_t{1} << 31)) {
    mm >>= 1;
    ++e;
  }
  int s = 31 - e;
  if (s > 62) {  // M tiny: everything rounds to the zero point
    mm = 0;
    s = 62;
  }
  if (s < 1) {  // M huge (degenerate scales): saturate
    mm = int64_t{1} << 31;
    s = 1;
  }
  *m = mm;
  *shift = s;
}

float Apply(Activation act, float v) {
  switch (act) {
    case Activation::kRelu: return v > 0 ? v : 0.0f;
    case Activation::kTanh: return std::tanh(v);
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-v));
  }
  return v;
}

// Quantizes float rows into uint8 codes (m x lda, zero padded) and row sums of the codes.
void QuantizeInput(const Mat& x, const CompressedLayer& L, int lda, std::vector<uint8_t>* codes,
                   std::vector<int32_t>* row_sum) {
  const int m = static_cast<int>(x.rows()), k = static_cast<int>(x.cols());
  codes->assign(static_cast<size_t>(m) * lda, 0);
  row_sum->assign(m, 0);
  const int qmax = (1 << L.input_bits) - 1;
  const float inv = 1.0f / L.input_scale;
  for (int i = 0; i < m; ++i) {
    uint8_t* out = codes->data() + static_cast<size_t>(i) * lda;
    int32_t s = 0;
    for (int j = 0; j < k; ++j) {
      const float v = std::nearbyint(x(i, j) * inv) + static_cast<float>(L.input_zero);
      const int c = static_cast<int>(std::clamp(v, 0.0f, static_cast<float>(qmax)));
      out[j] = static_cast<uint8_t>(c);
      s += c;
    }
    (*row_sum)[i] = s;
  }
}

}  // namespace

void CompressedModel::Prepare(KernelPath path) {
  path_ = path;
  prepared_.assign(layers.size(), Prepared{});
  for (size_t l = 0; l < layers.size(); ++l) {
    const CompressedLayer& L = layers[l];
    Prepared& P = prepared_[l];
    P.integer = L.quantized && L.input_bits > 0;
    if (P.integer) {
      P.packed = PackInt8Weights(L.q, L.fan_out, L.fan_in);
      const bool per_channel = L.wparams.scale.size() > 1;
      P.bias_q.resize(L.fan_out);
      P.offset.resize(L.fan_out);
      P.out_scale.resize(L.fan_out);
      const CompressedLayer* next = l + 1 < layers.size() ? &layers[l + 1] : nullptr;
      const bool requant = next && next->input_bits > 0 && activation == Activation::kRelu;
      if (requant) {
        P.mult.resize(L.fan_out);
        P.shift.resize(L.fan_out);
      }
      for (int o = 0; o < L.fan_out; ++o) {
        const float sw = L.wparams.scale[per_channel ? o : 0];
        const int32_t zw = L.wparams.zero_point[per_channel ? o : 0];
        const double s = static_cast<double>(L.input_scale) * sw;
        P.out_scale[o] = static_cast<float>(s);
        P.offset[o] = -L.input_zero * P.packed.row_sum[o] + L.fan_in * L.input_zero * zw;
        const double bq = std::nearbyint(L.bias[o] / s);
        P.bias_q[o] = static_cast<int32_t>(std::clamp(bq, -2147483648.0, 2147483647.0));
        if (requant) FixedPoint(s / next->input_scale, &P.mult[o], &P.shift[o]);
      }
      continue;
    }
    std::vector<float> w = L.quantized ? DequantizedWeights(static_cast<int>(l)) : L.weights;
    P.w.resize(L.fan_in, L.fan_out);
    long long zeros = 0;
    for (int o = 0; o < L.fan_out; ++o) {
      for (int k = 0; k < L.fan_in; ++k) {
        const float v = w[static_cast<size_t>(o) * L.fan_in + k];
        P.w(k, o) = v;
        zeros += v == 0.0f;
      }
    }
    P.sparse = !L.quantized && zeros >= kSparseThreshold * L.fan_in * L.fan_out;
    if (P.sparse) P.ws = P.w.sparseView();
  }
}

Mat CompressedModel::Forward(const Mat& X) const {
  const int m = static_cast<int>(X.rows());
  Mat cur = X;
  std::vector<uint8_t> codes, next_codes;
  std::vector<int32_t> row_sum, next_row_sum, acc;
  bool have_codes = false;
  const int n_layers = static_cast<int>(layers.size());
  for (int l = 0; l < n_layers; ++l) {
    const CompressedLayer& L = layers[l];
    const Prepared& P = prepared_[l];
    const bool last = l + 1 == n_layers;
    if (!P.integer) {
      Mat out(m, L.fan_out);
      if (P.sparse) {
        out.noalias() = cur * P.ws;
      } else {
        out.noalias() = cur * P.w;
      }
      for (int i = 0; i < m; ++i) {
        for (int o = 0; o < L.fan_out; ++o) {
          const float v = out(i, o) + L.bias[o];
          out(i, o) = last ? v : Apply(activation, v);
        }
      }
      cur = std::move(out);
      have_codes = false;
      continue;
    }
    const int lda = P.packed.k4, ldc = P.packed.n16;
    if (!have_codes) QuantizeInput(cur, L, lda, &codes, &row_sum);
    acc.resize(static_cast<size_t>(m) * ldc);
    Int8Gemm(codes.data(), m, lda, P.packed, acc.data(), ldc, path_);
    const bool per_channel = L.wparams.scale.size() > 1;
    const bool affine = std::any_of(L.wparams.zero_point.begin(), L.wparams.zero_point.end(),
                                    [](int32_t z) { return z != 0; });
    auto corrected = [&](int i, int o) {
      int32_t a = acc[static_cast<size_t>(i) * ldc + o] + P.offset[o];
      if (affine) a -= L.wparams.zero_point[per_channel ? o : 0] * row_sum[i];
      return a;
    };
    if (!P.mult.empty()) {
      const CompressedLayer& N = layers[l + 1];
      const int next_lda = (N.fan_in + 3) / 4 * 4;
      next_codes.assign(static_cast<size_t>(m) * next_lda, 0);
      next_row_sum.assign(m, 0);
      const int64_t lo = std::max(0, N.input_zero), hi = (1 << N.input_bits) - 1;
      for (int i = 0; i < m; ++i) {
        uint8_t* out = next_codes.data() + static_cast<size_t>(i) * next_lda;
        int32_t s = 0;
        for (int o = 0; o < L.fan_out; ++o) {
          const int64_t x = static_cast<int64_t>(corrected(i, o)) + P.bias_q[o];
          const int sh = P.shift[o];
          const int64_t q = N.input_zero + ((x * P.mult[o] + (int64_t{1} << (sh - 1))) >> sh);
          const int c = static_cast<int>(std::clamp(q, lo, hi));
          out[o] = static_cast<uint8_t>(c);
          s += c;
        }
        next_row_sum[i] = s;
      }
      codes.swap(next_codes);
      row_sum.swap(next_row_sum);
      have_codes = true;
      continue;
    }
    Mat out(m, L.fan_out);
    for (int i = 0; i < m; ++i) {
      for (int o = 0; o < L.fan_out; ++o) {
        const float v = P.out_scale[o] * static_cast<float>(corrected(i, o)) + L.bias[o];
        out(i, o) = last ? v : Apply(activation, v);
      }
    }
    cur = std::move(out);
    have_codes = false;
  }
  return cur;
}

Result<Mat> CompressedModel::PredictOutputs(const Mat& X) const {
  if (X.cols() != num_inputs) {
    return Status::InvalidArgument("the model expects " + std::to_string(num_inputs) +
                                   " feature columns, got " + std::to_string(X.cols()));
  }
  Mat Xp = X;
  const bool has_transform = static_cast<int>(input.offset.size()) == num_inputs;
  for (Eigen::Index i = 0; i < Xp.rows(); ++i) {
    for (int j = 0; j < num_inputs; ++j) {
      float& v = Xp(i, j);
      if (std::isnan(v)) v = has_transform ? input.fill[j] : 0.0f;
      if (has_transform) v = (v - input.offset[j]) / input.scale[j];
    }
  }
  Mat out = Forward(Xp);
  if (task == TaskKind::kRegression) {
    out = (out.array() * static_cast<Scalar>(target_scale) + static_cast<Scalar>(target_offset))
              .matrix();
  }
  return out;
}

Result<Vec> CompressedModel::Predict(const Mat& X) const {
  auto out = PredictOutputs(X);
  if (!out.ok()) return out.status();
  Vec p(out->rows());
  for (Eigen::Index i = 0; i < out->rows(); ++i) {
    if (task == TaskKind::kClassification) {
      Eigen::Index arg = 0;
      out->row(i).maxCoeff(&arg);
      p[i] = static_cast<Scalar>(arg);
    } else {
      p[i] = (*out)(i, 0);
    }
  }
  return p;
}

long long CompressedModel::StorageBytes() const {
  return static_cast<long long>(SerializeLayers(*this).size());
}

double CompressedModel::Sparsity() const {
  long long zeros = 0, total = 0;
  for (const CompressedLayer& L : layers) {
    const size_t n = static_cast<size_t>(L.fan_in) * L.fan_out;
    total += static_cast<long long>(n);
    if (L.quantized) {
      const bool per_channel = L.wparams.zero_point.size() > 1;
      for (size_t i = 0; i < n; ++i) {
        zeros += L.q[i] == L.wparams.zero_point[per_channel ? i / L.fan_in : 0];
      }
    } else {
      for (float v : L.weights) zeros += v == 0.0f;
    }
  }
  return total ? static_cast<double>(zeros) / total : 0.0;
}

std::vector<float> CompressedModel::DequantizedWeights(int l) const {
  const CompressedLayer& L = layers[l];
  if (!L.quantized) return L.weights;
  std::vector<float> w(L.q.size());
  DequantizeValues(L.q, L.fan_out, L.wparams, w);
  return w;
}

}  // namespace optiscope
