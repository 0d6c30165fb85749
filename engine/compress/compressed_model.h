// CompressedModel: a dense network whose weights are quantized (int8 ... binary) and/or pruned,
// with real integer inference (uint8 activations x int8 weights -> int32, requantized between
// layers) when its activations are quantized, and its exact storage size.
#pragma once

#include <Eigen/SparseCore>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/compress/int8_gemm.h"
#include "engine/compress/quant_scheme.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/models/dense_network.h"

namespace optiscope {

// One fully connected layer y = f(x W + b). Weights are kept transposed: row o = output channel o.
struct CompressedLayer {
  int fan_in = 0;
  int fan_out = 0;
  bool quantized = false;             // false: float32 weights in `weights`
  QuantFormat format = QuantFormat::kInt8;
  QuantParams wparams;                // per channel (fan_out entries) or per tensor (1)
  std::vector<int8_t> q;              // fan_out x fan_in quantized weights (quantized)
  std::vector<float> weights;         // fan_out x fan_in float weights (!quantized)
  std::vector<float> bias;            // fan_out
  // Quantized layers: biases are int8 codes times bias_scale (0 when all biases are zero).
  float bias_scale = 0.0f;
  int input_bits = 0;                 // 0: float input; 8 or 4: uint8 codes in [0, 2^bits - 1]
  float input_scale = 1.0f;           // input x = (code - input_zero) * input_scale
  int32_t input_zero = 0;
};

// What the model does with its input before the first layer (copied from the trained model's
// fitted Preprocessor): NaN -> fill, then (x - offset) / scale.
struct InputTransform {
  std::vector<float> fill, offset, scale;
};

// A compressed dense network and what it needs to predict from raw rows.
// Inference: a layer with quantized weights AND quantized input runs the integer kernel
// (Int8Gemm): acc = sum (a - z_a)(w - z_w) in int32 (zero points folded out with precomputed sums,
// as in Jacob et al. 2018, "Quantization and Training of Neural Networks for Efficient
// Integer-Arithmetic-Only Inference"), the bias added as int32 (scale s_a*s_w), then either
// requantized to the next layer's uint8 codes with the multiplier M = s_a*s_w/s_y applied in fp32
// (XNNPACK's "fp32 requantization"; ReLU folded into the clamp; tanh/sigmoid go through float)
// or, for the last layer, scaled to float logits — all inside the kernel (Int8GemmFused), on
// blocks of 64 rows so activations stay in cache and no int32 or float matrix is materialized. Other layers (weight-only quantization, float layers) dequantize once and use
// float matrix products; sparse float layers use a sparse product when at least 90% zeros
// (below that the dense product is faster at this model size; see bench/quant.sh).
// f(v) for one hidden unit, as DenseNetwork computes it in float: relu, tanh, sigmoid,
// leaky_relu (slope for v < 0) and gelu (exact, with erf).
float ActivateHidden(Activation activation, float v, float negative_slope);

class CompressedModel {
 public:
  TaskKind task = TaskKind::kClassification;
  Activation activation = Activation::kRelu;
  float negative_slope = 0.01f;  // leaky_relu only: f(z) = slope * z for z < 0
  int num_inputs = 0;
  int num_outputs = 0;
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  std::string target_name;
  double target_offset = 0.0;
  double target_scale = 1.0;
  InputTransform input;
  std::vector<CompressedLayer> layers;
  std::string description;  // e.g. "int8 per-channel symmetric W8A8, 70% sparse"
  // The source model's experiment configuration (JSON), so that `evaluate --split test` can
  // re-make its split; empty when not known (stored only when set).
  std::string source_config;

  // Builds the inference structures (packed weights, integer biases, multipliers, dequantized
  // float weights). Call after filling or changing `layers`; Forward requires it.
  void Prepare(KernelPath path = KernelPath::kAuto);

  // Outputs (rows x num_outputs; class scores or standardized regression values) for already
  // preprocessed rows. REQUIRES: Prepare() called, X.cols() == num_inputs. Thread-compatible.
  Mat Forward(const Mat& X) const;

  // Raw feature rows (before preprocessing) -> outputs in the target's units (regression) or
  // class scores. InvalidArgument when the column count differs.
  Result<Mat> PredictOutputs(const Mat& X) const;
  // Class ids or regression values, one per raw row.
  Result<Vec> Predict(const Mat& X) const;

  // Bytes of the layer section of the compressed file (weights, scales, zero points, biases,
  // activation parameters): the model's storage size. See docs/compression.md.
  long long StorageBytes() const;
  // Fraction of weights that are exactly zero (pruned).
  double Sparsity() const;
  // The dequantized float weights of layer l (fan_out x fan_in).
  std::vector<float> DequantizedWeights(int l) const;

 private:
  struct Prepared {
    bool integer = false;           // runs the int8 kernel (Int8GemmFused)
    PackedInt8Weights packed;
    // Integer path; arrays have packed.n16 entries (padding channels 0).
    std::vector<int32_t> offset;    // -z_a * sum_k w + K z_a z_w (per channel)
    std::vector<int32_t> bias_q;    // round(b / (s_a s_w)) + offset
    std::vector<float> float_bias;  // float output: b + s_a s_w * offset
    std::vector<float> out_scale;   // s_a * s_w per channel
    std::vector<float> mult;        // requantization to the next layer: M = s_a s_w / s_y
    bool affine = false;            // weights have non-zero zero points
    Mat w;                          // float path: fan_in x fan_out
    bool sparse = false;            // float path via a sparse product
    Eigen::SparseMatrix<float, Eigen::RowMajor> ws;  // fan_in x fan_out
  };
  // Rows [begin, begin + rows) of X through every layer into the same rows of *out.
  void ForwardChunk(const Mat& X, Eigen::Index begin, int rows, Mat* out) const;

  std::vector<Prepared> prepared_;
  KernelPath path_ = KernelPath::kAuto;
};

}  // namespace optiscope
