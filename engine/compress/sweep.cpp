#include "engine/compress/sweep.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace optiscope {

namespace {

double MetricOf(const SweepPoint& p) { return std::isnan(p.accuracy) ? -p.rmse : p.accuracy; }

// Per layer: the trained float weights.
std::vector<std::vector<float>> LayerWeights(const TrainedModel& trained) {
  const std::vector<int> sizes = LayerSizes(trained);
  std::vector<std::vector<float>> out;
  size_t off = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    const size_t n = static_cast<size_t>(sizes[l]) * sizes[l + 1];
    out.emplace_back(trained.parameters.begin() + off, trained.parameters.begin() + off + n);
    off += n + sizes[l + 1];
  }
  return out;
}

Result<CompressionResult> CompressPoint(const TrainedModel& trained, const CompressionData& data,
                                        const SweepOptions& options, double bits, double sparsity,
                                        std::map<double, TrainedModel>* pruned,
                                        std::stop_token stop) {
  CompressionSettings s = options.base;
  s.bits = bits;
  s.sparsity = sparsity;
  if (bits == 32) s.qat = false;
  // Prune once per sparsity level; quantize the pruned model at every bit-width.
  const TrainedModel* source = &trained;
  if (sparsity > 0) {
    auto it = pruned->find(sparsity);
    if (it == pruned->end()) {
      CompressionSettings prune_only = s;
      prune_only.bits = 32;
      prune_only.qat = false;
      prune_only.latency_repeats = 0;
      auto r = CompressTrainedModel(trained, prune_only, data, stop);
      if (!r.ok()) return r.status();
      it = pruned->emplace(sparsity, std::move(r->tuned)).first;
    }
    source = &it->second;
    s.sparsity = 0;  // already pruned; QAT keeps the zeros (they quantize to zero)
  }
  return CompressTrainedModel(*source, s, data, stop);
}

}  // namespace

Result<CompressionResult> CompressSweepPoint(const TrainedModel& trained,
                                             const CompressionData& data,
                                             const SweepOptions& options, double bits,
                                             double sparsity, std::stop_token stop) {
  std::map<double, TrainedModel> pruned;
  return CompressPoint(trained, data, options, bits, sparsity, &pruned, stop);
}

std::vector<std::pair<double, double>> SweepGrid(const SweepOptions& options) {
  std::vector<std::pair<double, double>> grid;
  if (options.combine) {
    for (double s : options.sparsities)
      for (double b : options.bits) grid.emplace_back(b, s);
  } else {
    for (double b : options.bits) grid.emplace_back(b, 0.0);
    for (double s : options.sparsities) {
      if (s > 0) grid.emplace_back(32.0, s);
    }
  }
  return grid;
}

void MarkPareto(std::vector<SweepPoint>& points) {
  for (SweepPoint& p : points) {
    p.pareto = true;
    for (const SweepPoint& q : points) {
      const bool no_worse = q.bytes <= p.bytes && MetricOf(q) >= MetricOf(p);
      const bool better = q.bytes < p.bytes || MetricOf(q) > MetricOf(p);
      if (&q != &p && no_worse && better) {
        p.pareto = false;
        break;
      }
    }
  }
}

WeightHistogram MakeHistogram(std::span<const float> values, double low, double high, int bins) {
  WeightHistogram h;
  h.low = low;
  h.high = high;
  h.counts.assign(std::max(1, bins), 0);
  const double width = (high - low) / h.counts.size();
  for (float v : values) {
    int b = width > 0 ? static_cast<int>(std::floor((v - low) / width)) : 0;
    b = std::clamp(b, 0, static_cast<int>(h.counts.size()) - 1);
    ++h.counts[b];
  }
  return h;
}

namespace {

// What every point is compared with: the trained model's per-layer weights, their histogram
// ranges, its weight count and its float size.
struct SweepBaseline {
  std::vector<std::vector<float>> before;
  std::vector<std::pair<double, double>> ranges;
  long long weights = 0;
  long long float_bytes = 0;
};

SweepBaseline MakeBaseline(const TrainedModel& trained) {
  SweepBaseline b;
  b.before = LayerWeights(trained);
  for (const auto& w : b.before) {
    float m = 0;
    for (float v : w) m = std::max(m, std::fabs(v));
    if (m == 0) m = 1;
    b.ranges.emplace_back(-m, m);
  }
  const std::vector<int> sizes = LayerSizes(trained);
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    b.weights += static_cast<long long>(sizes[l]) * sizes[l + 1];
    b.float_bytes += 4LL * (sizes[l] + 1) * sizes[l + 1];
  }
  return b;
}

// True when the compressed model's layers have the trained model's shapes (not neuron-pruned).
bool SameShape(const SweepBaseline& b, const CompressedModel& model) {
  if (model.layers.size() != b.before.size()) return false;
  for (size_t l = 0; l < b.before.size(); ++l) {
    const CompressedLayer& L = model.layers[l];
    if (b.before[l].size() != static_cast<size_t>(L.fan_in) * L.fan_out) return false;
  }
  return true;
}

// Per-layer weight histograms of the compressed model and, when its shapes are the trained
// model's, its relative errors against the original trained weights (not the pruned source); a
// structurally pruned model keeps its own errors (`own_errors`).
void CompareLayers(const SweepBaseline& b, const CompressedModel& model,
                   const std::vector<double>& own_errors, int bins, SweepPoint* p) {
  const bool same_shape = SameShape(b, model);
  p->layer_error.clear();
  if (!same_shape) p->layer_error = own_errors;
  for (size_t l = 0; l < b.before.size() && l < model.layers.size(); ++l) {
    const std::vector<float> w = model.DequantizedWeights(static_cast<int>(l));
    const int fan_in = model.layers[l].fan_in, fan_out = model.layers[l].fan_out;
    std::vector<float> wn(w.size());  // back to fan_in x fan_out order
    double num = 0, den = 0;
    for (int i = 0; i < fan_in; ++i) {
      for (int o = 0; o < fan_out; ++o) {
        const float v = w[static_cast<size_t>(o) * fan_in + i];
        wn[static_cast<size_t>(i) * fan_out + o] = v;
        if (!same_shape) continue;
        const double ref = b.before[l][static_cast<size_t>(i) * fan_out + o];
        num += (v - ref) * (v - ref);
        den += ref * ref;
      }
    }
    if (same_shape) p->layer_error.push_back(den > 0 ? std::sqrt(num / den) : 0.0);
    p->weights_after.push_back(MakeHistogram(wn, b.ranges[l].first, b.ranges[l].second, bins));
  }
}

// One point of the sweep from the compression it ran.
SweepPoint MakePoint(const SweepBaseline& b, const SweepOptions& options, double bits,
                     double sparsity, const CompressionResult& r, int index) {
  SweepPoint p;
  p.index = index;
  const CompressionMetrics& m = r.metrics;
  p.label = m.label;
  const bool structured = options.base.structured && sparsity > 0;
  if (sparsity > 0) {
    p.label += ", " + std::to_string(static_cast<int>(std::lround(sparsity * 100))) +
               (structured ? "% neurons pruned" : "% sparse");
  }
  p.bits = bits;
  p.activation_bits = m.activation_bits;
  p.target_sparsity = sparsity;
  p.sparsity = m.sparsity;
  if (structured) {
    // Measured against the trained model: the weights removed with their neurons count too.
    long long kept = 0;
    for (const CompressedLayer& L : r.model.layers) {
      kept += static_cast<long long>(L.fan_in) * L.fan_out;
    }
    p.sparsity = 1.0 - (1.0 - m.sparsity) * kept / static_cast<double>(b.weights);
  }
  p.accuracy = m.accuracy;
  p.rmse = m.rmse;
  p.bytes = m.bytes;
  p.float_bytes = b.float_bytes;
  p.latency_ms = m.latency_ms;
  CompareLayers(b, r.model, m.layer_error, options.histogram_bins, &p);
  return p;
}

}  // namespace

Result<std::vector<SweepPoint>> RunSweep(const TrainedModel& trained, const CompressionData& data,
                                         const SweepOptions& options, EventSink& sink,
                                         std::stop_token stop) {
  const auto grid = SweepGrid(options);
  const SweepBaseline baseline = MakeBaseline(trained);
  SweepStarted started;
  started.description = options.description;
  started.total_points = static_cast<int>(grid.size());
  started.metric_name = trained.task == TaskKind::kClassification ? "accuracy" : "rmse";
  for (size_t l = 0; l < baseline.before.size(); ++l) {
    started.weights_before.push_back(MakeHistogram(baseline.before[l], baseline.ranges[l].first,
                                                   baseline.ranges[l].second,
                                                   options.histogram_bins));
  }
  sink.Publish(started);

  std::vector<SweepPoint> points;
  std::map<double, TrainedModel> pruned;  // sparsity -> fine-tuned float model
  auto finish = [&](RunEnd status, std::string reason) {
    MarkPareto(points);
    SweepFinished done;
    done.status = status;
    done.reason = std::move(reason);
    done.points = points;
    sink.Publish(std::move(done));
  };
  for (const auto& [bits, sparsity] : grid) {
    if (stop.stop_requested()) {
      finish(RunEnd::kCancelled, "stopped after " + std::to_string(points.size()) + " points");
      return points;
    }
    auto r = CompressPoint(trained, data, options, bits, sparsity, &pruned, stop);
    if (!r.ok()) {
      const bool cancelled = r.status().code() == StatusCode::kCancelled;
      finish(cancelled ? RunEnd::kCancelled : RunEnd::kFailed, r.status().message());
      if (cancelled) return points;
      return r.status();
    }
    SweepPoint p =
        MakePoint(baseline, options, bits, sparsity, *r, static_cast<int>(points.size()));
    points.push_back(p);
    MarkPareto(points);
    p.pareto = points.back().pareto;
    sink.Publish(p);
  }
  finish(RunEnd::kOk, "");
  return points;
}

}  // namespace optiscope
