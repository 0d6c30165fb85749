#include "engine/compress/compress_model.h"

#include <algorithm>
#include <cmath>

#include "engine/compress/pruning.h"
#include "engine/compress/weight_coding.h"

namespace optiscope {

namespace {

std::string Describe(const CompressionSpec& spec) {
  if (!spec.quantize_weights) return "float32";
  std::string d = QuantFormatName(spec.weights.format);
  d += spec.weights.per_channel ? " per-channel" : " per-tensor";
  const bool fixed_sym = spec.weights.format == QuantFormat::kTernary ||
                         spec.weights.format == QuantFormat::kBinary;
  d += spec.weights.symmetric || fixed_sym ? " symmetric" : " affine";
  if (!fixed_sym) d += std::string(" ") + CalibrationName(spec.weights.calibration);
  d += spec.activation_bits > 0 ? ", activations int" + std::to_string(spec.activation_bits)
                                : ", float activations";
  return d;
}

Status CheckCompressible(const TrainedModel& trained, const CompressionSpec& spec) {
  const ModelType type = trained.model.type;
  if (type != ModelType::kMlp && type != ModelType::kLogistic && type != ModelType::kLinear) {
    return Status::InvalidArgument(
        "compression works on dense models (mlp, logistic, linear), "
        "not '" +
        EnumName(type) + "'");
  }
  if (spec.quantize_weights && spec.activation_bits != 0 && spec.activation_bits != 4 &&
      spec.activation_bits != 8) {
    return Status::InvalidArgument("activation bits must be 8, 4 or 0 (float), got " +
                                   std::to_string(spec.activation_bits));
  }
  if (trained.features) {
    return Status::InvalidArgument(
        "compression works on models trained without a features pipeline");
  }
  return Status::Ok();
}

// Everything but the layers: activation, shapes, names, target scaling, input preprocessing.
Status CopyModelFrame(const TrainedModel& trained, CompressedModel* m) {
  m->task = trained.task;
  m->activation =
      trained.model.type == ModelType::kMlp ? trained.model.activation : Activation::kRelu;
  m->negative_slope = static_cast<float>(trained.model.negative_slope);
  m->num_inputs = trained.num_inputs;
  m->num_outputs = trained.num_outputs;
  m->feature_names = trained.feature_names;
  m->class_names = trained.class_names;
  m->target_name = trained.target_name;
  m->target_offset = trained.target_offset;
  m->target_scale = trained.target_scale;
  const Preprocessor& pre = trained.preprocessor;
  if (pre.offset().size() == trained.num_inputs) {
    m->input.fill.assign(pre.fill().data(), pre.fill().data() + pre.fill().size());
    m->input.offset.assign(pre.offset().data(), pre.offset().data() + pre.offset().size());
    m->input.scale.assign(pre.scale().data(), pre.scale().data() + pre.scale().size());
  }
  return Status::Ok();
}

// Quantizes one layer's transposed weights `wt` (row = output channel) and its biases in place,
// as they will be stored: per-channel scales as one byte relative to the largest (ScaleCode),
// biases as int8 codes with one scale per layer.
void QuantizeLayer(const CompressionSpec& spec, std::vector<float> wt, CompressedLayer* L) {
  L->quantized = true;
  L->format = spec.weights.format;
  L->wparams = ChooseWeightParams(wt, L->fan_out, spec.weights);
  float s_max = 0;
  for (float s : L->wparams.scale) s_max = std::max(s_max, s);
  if (L->wparams.scale.size() > 1) {
    for (float& s : L->wparams.scale) s = ScaleFromCode(ScaleCode(s, s_max), s_max);
  }
  L->q.resize(wt.size());
  QuantizeValues(wt, L->fan_out, L->wparams, L->format, L->q);
  float b_max = 0;
  for (float b : L->bias) b_max = std::max(b_max, std::fabs(b));
  L->bias_scale = b_max / 127.0f;
  for (float& b : L->bias) {
    b = L->bias_scale > 0 ? std::nearbyint(b / L->bias_scale) * L->bias_scale : 0.0f;
  }
}

// The dense layers from the trained parameter buffer (per layer: fan_in x fan_out weights, then
// fan_out biases), quantized when the spec says so.
Status BuildLayers(const TrainedModel& trained, const CompressionSpec& spec,
                   const std::vector<int>& sizes, CompressedModel* m) {
  for (int width : sizes) {
    if (width > 65535) return Status::InvalidArgument("layers wider than 65535 are not supported");
  }
  const Status mismatch =
      Status::InvalidArgument("the parameter buffer does not match the model architecture");
  size_t off = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    CompressedLayer L;
    L.fan_in = sizes[l];
    L.fan_out = sizes[l + 1];
    const size_t nw = static_cast<size_t>(L.fan_in) * L.fan_out;
    if (off + nw + L.fan_out > trained.parameters.size()) return mismatch;
    std::vector<float> wt(nw);  // transposed: row = output channel
    for (int i = 0; i < L.fan_in; ++i)
      for (int o = 0; o < L.fan_out; ++o)
        wt[static_cast<size_t>(o) * L.fan_in + i] = trained.parameters[off + i * L.fan_out + o];
    L.bias.assign(trained.parameters.begin() + off + nw,
                  trained.parameters.begin() + off + nw + L.fan_out);
    off += nw + L.fan_out;
    if (spec.quantize_weights) {
      QuantizeLayer(spec, std::move(wt), &L);
    } else {
      L.weights = std::move(wt);
    }
    m->layers.push_back(std::move(L));
  }
  return off == trained.parameters.size() ? Status::Ok() : mismatch;
}

// Static activation calibration: each layer's input over the calibration rows, computed with
// the (dequantized) weights in float.
void CalibrateActivations(const CompressionSpec& spec, const Mat& calibration,
                          CompressedModel* m) {
  m->Prepare(spec.kernel);  // all layers float (no input bits yet)
  const int n_layers = static_cast<int>(m->layers.size());
  Mat cur = calibration;
  for (int l = 0; l < n_layers; ++l) {
    CompressedLayer& L = m->layers[l];
    std::span<const float> values(cur.data(), static_cast<size_t>(cur.size()));
    const QuantParams p = ChooseActivationParams(values, spec.activation_bits,
                                                 spec.activation_calibration,
                                                 spec.activation_percentile);
    L.input_bits = spec.activation_bits;
    L.input_scale = p.scale[0];
    L.input_zero = p.zero_point[0];
    // Next layer's input: f(cur W + b) with this layer's dequantized weights.
    const std::vector<float> w = m->DequantizedWeights(l);
    Mat W(L.fan_in, L.fan_out);
    for (int o = 0; o < L.fan_out; ++o)
      for (int i = 0; i < L.fan_in; ++i) W(i, o) = w[static_cast<size_t>(o) * L.fan_in + i];
    Mat next = cur * W;
    for (Eigen::Index r = 0; r < next.rows(); ++r) {
      for (int o = 0; o < L.fan_out; ++o) {
        float v = next(r, o) + L.bias[o];
        if (l + 1 < n_layers) v = ActivateHidden(m->activation, v, m->negative_slope);
        next(r, o) = v;
      }
    }
    cur = std::move(next);
  }
}

}  // namespace

Result<CompressedModel> BuildCompressedModel(const TrainedModel& trained,
                                             const CompressionSpec& spec, const Mat& calibration) {
  OPTISCOPE_RETURN_IF_ERROR(CheckCompressible(trained, spec));
  CompressedModel m;
  OPTISCOPE_RETURN_IF_ERROR(CopyModelFrame(trained, &m));
  m.description = Describe(spec);
  OPTISCOPE_RETURN_IF_ERROR(BuildLayers(trained, spec, LayerSizes(trained), &m));
  if (spec.quantize_weights && spec.activation_bits > 0) {
    CalibrateActivations(spec, calibration, &m);
  }
  m.Prepare(spec.kernel);
  return m;
}

}  // namespace optiscope
