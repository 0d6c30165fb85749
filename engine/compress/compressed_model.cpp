#include "engine/compress/compressed_model.h"

#include <algorithm>
#include <cmath>

#include "engine/compress/compressed_model_file.h"

namespace optiscope {

namespace {

constexpr double kSparseThreshold = 0.9;
constexpr int kChunkRows = 128;

float Apply(Activation act, float v) {
  switch (act) {
    case Activation::kRelu: return v > 0 ? v : 0.0f;
    case Activation::kTanh: return std::tanh(v);
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-v));
  }
  return v;
}

// rows[i][o] = f(rows[i][o] + bias[o]) (f = identity for the last layer), vectorizable.
void BiasActivate(float* rows, int m, int n, const float* bias, bool last, Activation act) {
  for (int i = 0; i < m; ++i) {
    float* row = rows + static_cast<size_t>(i) * n;
    for (int o = 0; o < n; ++o) row[o] += bias[o];
    if (last) continue;
    if (act == Activation::kRelu) {
      for (int o = 0; o < n; ++o) row[o] = std::max(row[o], 0.0f);
    } else {
      for (int o = 0; o < n; ++o) row[o] = Apply(act, row[o]);
    }
  }
}

// Round to nearest (ties to even) for |v| < 2^22 with plain float adds, which vectorize.
inline float RoundNearest(float v) {
  constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23
  return (v + kMagic) - kMagic;
}

// Quantizes float rows into uint8 codes (m x lda, zero padded); row sums of the codes when
// `row_sum` is non-null.
void QuantizeInput(const Mat& x, const CompressedLayer& L, int lda, std::vector<uint8_t>* codes,
                   std::vector<int32_t>* row_sum) {
  const int m = static_cast<int>(x.rows()), k = static_cast<int>(x.cols());
  codes->resize(static_cast<size_t>(m) * lda);
  const float hi = static_cast<float>((1 << L.input_bits) - 1);
  const float inv = 1.0f / L.input_scale, zero = static_cast<float>(L.input_zero);
  for (int i = 0; i < m; ++i) {
    uint8_t* out = codes->data() + static_cast<size_t>(i) * lda;
    const float* in = x.data() + static_cast<size_t>(i) * k;
    for (int j = 0; j < k; ++j) {
      const float v = std::min(std::max(RoundNearest(in[j] * inv) + zero, 0.0f), hi);
      out[j] = static_cast<uint8_t>(static_cast<int>(v));
    }
    for (int j = k; j < lda; ++j) out[j] = 0;
  }
  if (row_sum) {
    row_sum->assign(m, 0);
    for (int i = 0; i < m; ++i) {
      const uint8_t* row = codes->data() + static_cast<size_t>(i) * lda;
      int32_t t = 0;
      for (int j = 0; j < k; ++j) t += row[j];
      (*row_sum)[i] = t;
    }
  }
}

// Per-thread buffers of Forward, reused across calls (no allocation once warm).
struct ForwardBuffers {
  std::vector<uint8_t> codes, next_codes;
  std::vector<int32_t> row_sum, next_row_sum, acc;
  Mat cur, out;
};

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
      P.float_bias.resize(L.fan_out);
      const CompressedLayer* next = l + 1 < layers.size() ? &layers[l + 1] : nullptr;
      const bool requant = next && next->input_bits > 0 && activation == Activation::kRelu;
      if (requant) P.mult.resize(L.fan_out);
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
  if (!integer || X.rows() <= kChunkRows) return ForwardRows(X);
  // Integer models run in chunks of rows so the int32 and code buffers stay in cache.
  thread_local Mat chunk;
  Mat out(X.rows(), num_outputs);
  for (Eigen::Index begin = 0; begin < X.rows(); begin += kChunkRows) {
    const Eigen::Index rows = std::min<Eigen::Index>(kChunkRows, X.rows() - begin);
    chunk = X.middleRows(begin, rows);
    out.middleRows(begin, rows) = ForwardRows(chunk);
  }
  return out;
}

Mat CompressedModel::ForwardRows(const Mat& X) const {
  thread_local ForwardBuffers buf;
  const int m = static_cast<int>(X.rows());
  const Mat* cur = &X;
  bool have_codes = false;
  const int n_layers = static_cast<int>(layers.size());
  for (int l = 0; l < n_layers; ++l) {
    const CompressedLayer& L = layers[l];
    const Prepared& P = prepared_[l];
    const bool last = l + 1 == n_layers;
    if (!P.integer) {
      buf.out.resize(m, L.fan_out);
      if (P.sparse) {
        buf.out.noalias() = *cur * P.ws;
      } else {
        buf.out.noalias() = *cur * P.w;
      }
      BiasActivate(buf.out.data(), m, L.fan_out, L.bias.data(), last, activation);
      buf.cur.swap(buf.out);
      cur = &buf.cur;
      have_codes = false;
      continue;
    }
    const int lda = P.packed.k4, ldc = P.packed.n16;
    if (!have_codes) QuantizeInput(*cur, L, lda, &buf.codes, P.affine ? &buf.row_sum : nullptr);
    buf.acc.resize(static_cast<size_t>(m) * ldc);
    Int8Gemm(buf.codes.data(), m, lda, P.packed, buf.acc.data(), ldc, path_);
    const bool per_channel = L.wparams.scale.size() > 1;
    // acc += offset (zero-point terms) and, for affine weights, - z_w * sum_k a.
    // The zero-point offsets are folded into bias_q / the output bias (Prepare); affine weights
    // also need - z_w * sum_k a per row.
    const int n_out = L.fan_out;
    if (P.affine) {
      for (int i = 0; i < m; ++i) {
        int32_t* a = buf.acc.data() + static_cast<size_t>(i) * ldc;
        for (int o = 0; o < n_out; ++o) {
          a[o] -= L.wparams.zero_point[per_channel ? o : 0] * buf.row_sum[i];
        }
      }
    }
    if (!P.mult.empty()) {
      // Requantize to the next layer's codes: q = clamp(round((acc + b_q) * M) + z_y) with
      // M = s_a s_w / s_y per channel (fp32 requantization); ReLU is the clamp at z_y.
      const CompressedLayer& N = layers[l + 1];
      const int next_lda = (N.fan_in + 3) / 4 * 4;
      buf.next_codes.resize(static_cast<size_t>(m) * next_lda);
      const float lo = static_cast<float>(std::max(0, N.input_zero));
      const float hi = static_cast<float>((1 << N.input_bits) - 1);
      const float zero = static_cast<float>(N.input_zero);
      const int32_t* bias_q = P.bias_q.data();
      const float* mult = P.mult.data();
      for (int i = 0; i < m; ++i) {
        const int32_t* a = buf.acc.data() + static_cast<size_t>(i) * ldc;
        uint8_t* out = buf.next_codes.data() + static_cast<size_t>(i) * next_lda;
        for (int o = 0; o < n_out; ++o) {
          const float v = RoundNearest(static_cast<float>(a[o] + bias_q[o]) * mult[o]) + zero;
          out[o] = static_cast<uint8_t>(static_cast<int>(std::min(std::max(v, lo), hi)));
        }
        for (int o = n_out; o < next_lda; ++o) out[o] = 0;
      }
      buf.codes.swap(buf.next_codes);
      if (N.quantized && prepared_[l + 1].affine) {
        buf.row_sum.assign(m, 0);
        for (int i = 0; i < m; ++i) {
          const uint8_t* row = buf.codes.data() + static_cast<size_t>(i) * next_lda;
          int32_t t = 0;
          for (int j = 0; j < N.fan_in; ++j) t += row[j];
          buf.row_sum[i] = t;
        }
      }
      have_codes = true;
      continue;
    }
    buf.out.resize(m, L.fan_out);
    const float* scale = P.out_scale.data();
    for (int i = 0; i < m; ++i) {
      const int32_t* a = buf.acc.data() + static_cast<size_t>(i) * ldc;
      float* row = buf.out.data() + static_cast<size_t>(i) * n_out;
      for (int o = 0; o < n_out; ++o) row[o] = scale[o] * static_cast<float>(a[o]);
    }
    BiasActivate(buf.out.data(), m, n_out, P.float_bias.data(), last, activation);
    buf.cur.swap(buf.out);
    cur = &buf.cur;
    have_codes = false;
  }
  return *cur;
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
