// Trade-off sweeps: one call measures a trained model compressed at several bit-widths and/or
// sparsity levels (and their combinations), publishing each point as soon as it is measured.
#pragma once

#include <stop_token>
#include <vector>

#include "engine/compress/compress_evaluate.h"
#include "engine/events/events.h"

namespace optiscope {

struct SweepOptions {
  std::vector<double> bits = {32, 8, 4, 2, 1.58, 1};
  std::vector<double> sparsities = {0.0};
  // true: every bits x sparsity combination; false: the bit-widths at sparsity 0 and then the
  // sparsity levels at float32.
  bool combine = true;
  // Template for each point (per-channel, activations, QAT, fine-tuning, latency...); its bits and
  // sparsity are replaced by the sweep's. The float32 points never use QAT or activation bits.
  CompressionSettings base;
  std::string description;  // for SweepStarted
  int histogram_bins = 41;
};

// The (bits, sparsity) pairs the options describe, in sweep order (sparsity-major so each pruned
// model is fine-tuned once).
std::vector<std::pair<double, double>> SweepGrid(const SweepOptions& options);

// One point of a sweep computed exactly as RunSweep computes it (pruning of the trained model at
// `sparsity` with options.base's fine-tuning, then compression at `bits`): what exporting a
// selected point re-runs. Deterministic: the same options give the same model.
Result<CompressionResult> CompressSweepPoint(const TrainedModel& trained,
                                             const CompressionData& data,
                                             const SweepOptions& options, double bits,
                                             double sparsity, std::stop_token stop = {});

// Marks points not dominated by another (smaller or equal bytes and better or equal metric,
// one strictly): accuracy is maximised, RMSE minimised.
void MarkPareto(std::vector<SweepPoint>& points);

// Histogram of `values` over `bins` equal bins spanning [low, high] (values outside are clamped
// into the end bins).
WeightHistogram MakeHistogram(std::span<const float> values, double low, double high, int bins);

// Runs the sweep: SweepStarted, one SweepPoint per grid entry (with the Pareto flag among the
// points so far), SweepFinished (final flags). Pruned models are fine-tuned once per sparsity and
// reused for every bit-width. Stops between points and during fine-tuning when `stop` is
// requested (SweepFinished status kCancelled, the points so far). Returns the points, or an
// error Status for invalid settings (also published as a kFailed SweepFinished).
Result<std::vector<SweepPoint>> RunSweep(const TrainedModel& trained, const CompressionData& data,
                                         const SweepOptions& options, EventSink& sink,
                                         std::stop_token stop = {});

}  // namespace optiscope
