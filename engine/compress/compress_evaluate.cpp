#include "engine/compress/compress_evaluate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "engine/models/model_factory.h"
#include "engine/core/str_cat.h"
#include "engine/core/types.h"

namespace optiscope {

namespace {

Result<QuantFormat> FormatOf(double bits) {
  if (bits == 8) return QuantFormat::kInt8;
  if (bits == 4) return QuantFormat::kInt4;
  if (bits == 2) return QuantFormat::kInt2;
  if (std::fabs(bits - 1.58) < 1e-6) return QuantFormat::kTernary;
  if (bits == 1) return QuantFormat::kBinary;
  return Status::InvalidArgument("bits must be 32, 8, 4, 2, 1.58 or 1, got " +
                                 std::to_string(bits));
}

std::string Label(const CompressionSettings& s) {
  std::string label = BitsName(s.bits);
  if (s.bits != 32) {
    StrAppend(&label, {" W", s.bits == 1.58 ? std::string("1.58")
                                             : std::to_string(static_cast<int>(s.bits))});
    label += s.activation_bits > 0 ? StrCat({"A", std::to_string(s.activation_bits)}) : "A32";
    label += s.per_channel ? " per-channel" : " per-tensor";
    if (s.qat) label += " QAT";
  }
  if (s.sparsity > 0) {
    label += ", " + std::to_string(static_cast<int>(std::lround(s.sparsity * 100)));
    label += s.structured ? std::string("% neurons pruned (") + (s.norm == NeuronNorm::kL1 ? "L1" : "L2") + ")"
                          : "% sparse";
  }
  return label;
}

}  // namespace

Result<double> ParseBits(const std::string& text) {
  if (text == "32" || text == "float" || text == "float32") return 32.0;
  auto f = ParseQuantFormat(text);
  if (!f.ok()) return Status::InvalidArgument(f.status().message() + " or 32 (float)");
  switch (*f) {
    case QuantFormat::kInt8: return 8.0;
    case QuantFormat::kInt4: return 4.0;
    case QuantFormat::kInt2: return 2.0;
    case QuantFormat::kTernary: return 1.58;
    case QuantFormat::kBinary: return 1.0;
  }
  return 32.0;
}

std::string BitsName(double bits) {
  if (bits == 32) return "float32";
  auto f = FormatOf(bits);
  return f.ok() ? QuantFormatName(*f) : "bits=" + std::to_string(bits);
}

void MeasureCompressedModel(const CompressedModel& model, const CompressionData& data,
                            int latency_rows, int latency_repeats, CompressionMetrics* metrics) {
  metrics->bytes = model.StorageBytes();
  long long params = 0;
  for (const CompressedLayer& L : model.layers) params += static_cast<long long>(L.fan_in + 1) * L.fan_out;
  metrics->float_bytes = 4 * params;
  metrics->sparsity = model.Sparsity();
  metrics->accuracy = metrics->rmse = kNaN;
  if (data.X_test.rows() > 0) {
    const Mat out = model.Forward(data.X_test);
    if (data.task == TaskKind::kClassification) {
      long long correct = 0;
      for (Eigen::Index i = 0; i < out.rows(); ++i) {
        Eigen::Index arg = 0;
        out.row(i).maxCoeff(&arg);
        correct += static_cast<Scalar>(arg) == data.y_test[i];
      }
      metrics->accuracy = static_cast<double>(correct) / out.rows();
    } else {
      double sse = 0;
      for (Eigen::Index i = 0; i < out.rows(); ++i) {
        const double d = (out(i, 0) - data.y_test[i]) * data.scaling.scale;
        sse += d * d;
      }
      metrics->rmse = std::sqrt(sse / out.rows());
    }
  }
  metrics->latency_ms = kNaN;
  const Mat& source = data.X_test.rows() > 0 ? data.X_test : data.X_train;
  if (latency_repeats > 0 && latency_rows > 0 && source.rows() > 0) {
    Mat batch(latency_rows, source.cols());
    for (int i = 0; i < latency_rows; ++i) batch.row(i) = source.row(i % source.rows());
    std::vector<double> ms;
    model.Forward(batch);  // warm-up
    for (int r = 0; r < latency_repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const Mat out = model.Forward(batch);
      const auto t1 = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count() + 0 * out(0, 0));
    }
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    metrics->latency_ms = ms[ms.size() / 2];
  }
}

namespace {

// The quantization half of the settings as a CompressionSpec.
Result<CompressionSpec> SpecOf(const CompressionSettings& settings) {
  CompressionSpec spec;
  spec.quantize_weights = settings.bits != 32;
  if (spec.quantize_weights) {
    auto format = FormatOf(settings.bits);
    if (!format.ok()) return format.status();
    spec.weights.format = *format;
  }
  spec.weights.per_channel = settings.per_channel;
  spec.weights.symmetric = settings.symmetric;
  spec.weights.calibration = settings.calibration;
  spec.weights.percentile = settings.percentile;
  spec.activation_bits = settings.activation_bits;
  spec.activation_calibration = settings.activation_calibration;
  spec.kernel = settings.kernel;
  return spec;
}

// Structured pruning: whole neurons go (PruneNeurons), then optional plain fine-tuning.
Result<TrainedModel> PruneStructured(const TrainedModel& trained,
                                     const CompressionSettings& settings,
                                     const CompressionData& data, std::stop_token stop) {
  if (settings.lottery_ticket) {
    return Status::InvalidArgument("lottery ticket rewinding applies to unstructured pruning, "
                                   "not to structured (neuron) pruning");
  }
  auto smaller = PruneNeurons(trained, settings.sparsity, settings.norm);
  if (!smaller.ok() || !settings.prune_fine_tune || settings.fine.epochs <= 0) return smaller;
  PruneOptions tune;  // sparsity 0: plain fine-tuning of the smaller network
  tune.sparsity = 0.0;
  tune.fine = settings.fine;
  return PruneModel(*smaller, data, tune, stop);
}

// Unstructured magnitude pruning, with lottery-ticket rewinding to the initial weights if asked.
Result<TrainedModel> PruneUnstructured(const TrainedModel& trained,
                                       const CompressionSettings& settings,
                                       const CompressionData& data, std::stop_token stop) {
  PruneOptions prune;
  prune.sparsity = settings.sparsity;
  prune.scope = settings.scope;
  prune.fine_tune = settings.prune_fine_tune;
  prune.fine = settings.fine;
  prune.lottery_ticket = settings.lottery_ticket;
  if (settings.lottery_ticket) {
    auto model = MakeModel(trained.model, trained.num_inputs, trained.num_outputs, trained.task);
    if (!model.ok()) return model.status();
    prune.rewind_params.resize((*model)->NumParameters());
    Rng init_rng = Rng(settings.init_seed).Fork(0);  // as RunExperiment initialises
    (*model)->Initialize(prune.rewind_params, init_rng);
  }
  return PruneModel(trained, data, prune, stop);
}

// The float model's size, and for structured pruning the share of its weights removed with their
// neurons (plus any zeros), in *m.
void CompareWithTrained(const TrainedModel& trained, const CompressionSettings& settings,
                        const CompressedModel& model, CompressionMetrics* m) {
  long long trained_params = 0;
  const std::vector<int> trained_sizes = LayerSizes(trained);
  for (size_t l = 0; l + 1 < trained_sizes.size(); ++l) {
    trained_params += static_cast<long long>(trained_sizes[l] + 1) * trained_sizes[l + 1];
  }
  if (settings.structured && settings.sparsity > 0) {
    long long kept = 0, total = 0;
    for (size_t l = 0; l + 1 < trained_sizes.size(); ++l) {
      total += static_cast<long long>(trained_sizes[l]) * trained_sizes[l + 1];
    }
    for (const CompressedLayer& L : model.layers) {
      kept += static_cast<long long>(L.fan_in) * L.fan_out;
    }
    m->sparsity = 1.0 - (1.0 - m->sparsity) * kept / static_cast<double>(total);
  }
  m->float_bytes = 4 * trained_params;
}

// Per-layer relative weight error ||W_q - W|| / ||W|| of `model` against `reference`.
std::vector<double> LayerErrors(const TrainedModel& reference, const CompressedModel& model) {
  std::vector<double> errors;
  const std::vector<int> sizes = LayerSizes(reference);
  size_t off = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    const int fan_in = sizes[l], fan_out = sizes[l + 1];
    const std::vector<float> w = model.DequantizedWeights(static_cast<int>(l));
    double num = 0, den = 0;
    for (int i = 0; i < fan_in; ++i) {
      for (int o = 0; o < fan_out; ++o) {
        const double ref = reference.parameters[off + i * fan_out + o];
        const double d = w[static_cast<size_t>(o) * fan_in + i] - ref;
        num += d * d;
        den += ref * ref;
      }
    }
    errors.push_back(den > 0 ? std::sqrt(num / den) : 0.0);
    off += static_cast<size_t>(fan_in) * fan_out + fan_out;
  }
  return errors;
}

}  // namespace

Result<CompressionResult> CompressTrainedModel(const TrainedModel& trained,
                                               const CompressionSettings& settings,
                                               const CompressionData& data,
                                               std::stop_token stop) {
  auto spec_or = SpecOf(settings);
  if (!spec_or.ok()) return spec_or.status();
  const CompressionSpec& spec = *spec_or;
  if (!(settings.sparsity >= 0 && settings.sparsity < 1)) {
    return Status::InvalidArgument("sparsity must be in [0, 1), got " +
                                   std::to_string(settings.sparsity));
  }
  CompressionResult result;
  result.tuned = trained;
  if (settings.sparsity > 0) {
    auto pruned = settings.structured ? PruneStructured(trained, settings, data, stop)
                                      : PruneUnstructured(trained, settings, data, stop);
    if (!pruned.ok()) return pruned.status();
    result.tuned = std::move(*pruned);
  }
  if (settings.qat && spec.quantize_weights) {
    auto tuned = QuantizationAwareTraining(result.tuned, data, spec.weights, settings.fine,
                                           settings.sparsity > 0 && !settings.structured, stop);
    if (!tuned.ok()) return tuned.status();
    result.tuned = std::move(*tuned);
  }
  auto model = BuildCompressedModel(result.tuned, spec, CalibrationRows(data));
  if (!model.ok()) return model.status();
  result.model = std::move(*model);
  CompressionMetrics& m = result.metrics;
  m.label = Label(settings);
  result.model.description = m.label;
  m.bits = settings.bits;
  m.activation_bits = spec.quantize_weights ? settings.activation_bits : 0;
  MeasureCompressedModel(result.model, data, settings.latency_rows, settings.latency_repeats, &m);
  CompareWithTrained(trained, settings, result.model, &m);
  // Structured pruning: errors against the smaller model's kept weights.
  const bool structured = settings.structured && settings.sparsity > 0;
  m.layer_error = LayerErrors(structured ? result.tuned : trained, result.model);
  return result;
}

Result<CompressionMetrics> CompressAndEvaluate(const TrainedModel& trained,
                                               const CompressionSettings& settings,
                                               const CompressionData& data,
                                               std::stop_token stop) {
  auto r = CompressTrainedModel(trained, settings, data, stop);
  if (!r.ok()) return r.status();
  return r->metrics;
}

}  // namespace optiscope
