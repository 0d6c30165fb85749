#include "engine/compress/compressed_model.h"

#include <algorithm>
#include <cmath>

#include "engine/compress/compressed_model_file.h"
#include "engine/compress/int8_fused.h"

namespace optiscope {

namespace {

constexpr double kSparseThreshold = 0.9;
constexpr int kChunkRows = 64;

// rows[i][o] = f(rows[i][o] + bias[o]) (no bias when null; f = identity for the last layer).
void BiasActivate(float* rows, int m, int n, const float* bias, bool last, Activation act,
                  float slope) {
  for (int i = 0; i < m; ++i) {
    float* row = rows + static_cast<size_t>(i) * n;
    if (bias) {
      for (int o = 0; o < n; ++o) row[o] += bias[o];
    }
    if (last) continue;
    if (act == Activation::kRelu) {
      for (int o = 0; o < n; ++o) row[o] = std::max(row[o], 0.0f);
    } else {
      for (int o = 0; o < n; ++o) row[o] = ActivateHidden(act, row[o], slope);
    }
  }
}

// Per-thread buffers of Forward, reused across calls (no allocation once warm).
struct ForwardBuffers {
  std::vector<uint8_t> codes, next_codes;
  std::vector<int32_t> row_sum, acc;
  std::vector<float> f[2];
};

template <class T>
std::vector<T> Padded(std::vector<T> v, int n16) {
  v.resize(n16, T{0});
  return v;
}

}  // namespace

float ActivateHidden(Activation activation, float v, float negative_slope) {
  switch (activation) {
    case Activation::kRelu: return v > 0 ? v : 0.0f;
    case Activation::kTanh: return std::tanh(v);
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-v));
    case Activation::kLeakyRelu: return v > 0 ? v : negative_slope * v;
    case Activation::kGelu: return 0.5f * v * (1.0f + std::erf(v * 0.70710678118654752f));
  }
  return v;
}

void CompressedModel::Prepare(KernelPath path) {
  path_ = path;
  prepared_.assign(layers.size(), Prepared{});
  for (size_t l = 0; l < layers.size(); ++l) {
    const CompressedLayer& L = layers[l];
    Prepared& P = prepared_[l];
    P.integer = L.quantized && L.input_bits > 0;
    if (P.integer) {
      P.packed = PackInt8Weights(L.q, L.fan_out, L.fan_in);
      const int n16 = P.packed.n16;
      const bool per_channel = L.wparams.scale.size() > 1;
      P.bias_q.assign(n16, 0);
      P.offset.assign(n16, 0);
      P.out_scale.assign(n16, 0.0f);
      P.float_bias.assign(n16, 0.0f);
      const CompressedLayer* next = l + 1 < layers.size() ? &layers[l + 1] : nullptr;
      const bool requant = next && next->input_bits > 0 && activation == Activation::kRelu;
      if (requant) P.mult.assign(n16, 0.0f);
      P.affine = std::any_of(L.wparams.zero_point.begin(), L.wparams.zero_point.end(),
                             [](int32_t z) { return z != 0; });
      for (int o = 0; o < L.fan_out; ++o) {
        const float sw = L.wparams.scale[per_channel ? o : 0];
        const int32_t zw = L.wparams.zero_point[per_channel ? o : 0];
        const double s = static_cast<double>(L.input_scale) * sw;
        P.out_scale[o] = static_cast<float>(s);
        P.offset[o] = -L.input_zero * P.packed.row_sum[o] + L.fan_in * L.input_zero * zw;
        const double bq = std::nearbyint(L.bias[o] / s) + P.offset[o];
        P.bias_q[o] = static_cast<int32_t>(std::clamp(bq, -2147483648.0, 2147483647.0));
        P.float_bias[o] = static_cast<float>(L.bias[o] + s * P.offset[o]);
        if (requant) P.mult[o] = static_cast<float>(s / next->input_scale);
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
  const bool integer = std::any_of(prepared_.begin(), prepared_.end(),
                                   [](const Prepared& p) { return p.integer; });
  Mat out(X.rows(), num_outputs);
  if (!integer) {
    // Float models: one product per layer over all rows (Eigen's blocked GEMM).
    if (X.rows() > 0) ForwardChunk(X, 0, static_cast<int>(X.rows()), &out);
    return out;
  }
  // Integer models run in blocks of rows so the codes of every layer stay in L1.
  for (Eigen::Index begin = 0; begin < X.rows(); begin += kChunkRows) {
    const int rows = static_cast<int>(std::min<Eigen::Index>(kChunkRows, X.rows() - begin));
    ForwardChunk(X, begin, rows, &out);
  }
  return out;
}

void CompressedModel::ForwardChunk(const Mat& X, Eigen::Index begin, int m, Mat* out) const {
  thread_local ForwardBuffers buf;
  const float* x = X.data() + begin * X.cols();  // current float input, rows of fan_in
  int ld_codes = 0;                              // > 0: the input is in buf.codes
  int which = 0;                                 // the float buffer to write next
  const int n_layers = static_cast<int>(layers.size());
  for (int l = 0; l < n_layers; ++l) {
    const CompressedLayer& L = layers[l];
    const Prepared& P = prepared_[l];
    const bool last = l + 1 == n_layers;
    float* dst = nullptr;
    if (last) {
      dst = out->data() + begin * num_outputs;
    } else {
      buf.f[which].resize(static_cast<size_t>(m) * L.fan_out);
      dst = buf.f[which].data();
      which ^= 1;
    }
    if (!P.integer) {
      const Eigen::Map<const Mat> in(x, m, L.fan_in);
      Eigen::Map<Mat> y(dst, m, L.fan_out);
      if (P.sparse) {
        y.noalias() = in * P.ws;
      } else {
        y.noalias() = in * P.w;
      }
      BiasActivate(dst, m, L.fan_out, L.bias.data(), last, activation, negative_slope);
      x = dst;
      ld_codes = 0;
      continue;
    }
    if (ld_codes == 0) {
      ld_codes = P.packed.k4;
      buf.codes.resize(static_cast<size_t>(m) * ld_codes);
      const float hi = static_cast<float>((1 << L.input_bits) - 1);
      QuantizeRows(x, m, L.fan_in, L.fan_in, 1.0f / L.input_scale, static_cast<float>(-L.input_zero),
                   hi - static_cast<float>(L.input_zero), L.input_zero, buf.codes.data(), ld_codes);
    }
    Int8Epilogue e;
    const bool requant = !P.mult.empty();
    if (requant) {
      const CompressedLayer& N = layers[l + 1];
      buf.next_codes.resize(static_cast<size_t>(m) * P.packed.n16);
      e.bias = P.bias_q.data();
      e.mult = P.mult.data();
      e.zero = N.input_zero;
      e.lo = static_cast<float>(std::max(0, N.input_zero) - N.input_zero);
      e.hi = static_cast<float>((1 << N.input_bits) - 1 - N.input_zero);
      e.codes = buf.next_codes.data();
      e.ld_codes = P.packed.n16;
    } else {
      e.scale = P.out_scale.data();
      e.bias_f = P.float_bias.data();
      e.out = dst;
      e.ld_out = L.fan_out;
    }
    if (!P.affine) {
      Int8GemmFused(buf.codes.data(), m, ld_codes, P.packed, e, path_);
    } else {
      // Affine weights also need - z_w * sum_k a per row, which the fused kernel does not do.
      const int n16 = P.packed.n16;
      const bool per_channel = L.wparams.zero_point.size() > 1;
      buf.acc.resize(static_cast<size_t>(m) * n16);
      Int8Gemm(buf.codes.data(), m, ld_codes, P.packed, buf.acc.data(), n16, path_);
      for (int i = 0; i < m; ++i) {
        const uint8_t* row = buf.codes.data() + static_cast<size_t>(i) * ld_codes;
        int32_t sum = 0;
        for (int k = 0; k < L.fan_in; ++k) sum += row[k];
        int32_t* a = buf.acc.data() + static_cast<size_t>(i) * n16;
        for (int o = 0; o < L.fan_out; ++o) a[o] -= L.wparams.zero_point[per_channel ? o : 0] * sum;
      }
      ApplyInt8Epilogue(buf.acc.data(), m, n16, P.packed, e);
    }
    if (requant) {
      buf.codes.swap(buf.next_codes);
      ld_codes = P.packed.n16;
      continue;
    }
    BiasActivate(dst, m, L.fan_out, nullptr, last, activation, negative_slope);
    x = dst;
    ld_codes = 0;
  }
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
