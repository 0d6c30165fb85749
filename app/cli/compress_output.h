// Output of "optiscope-cli compress": the figures of one compressed model (text or JSON) and the
// sweep printer (a table row or a JSON line per point as it is measured).
#pragma once

#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "engine/compress/compress_evaluate.h"
#include "engine/events/events.h"

namespace optiscope::cli {

// {"event":"compressed","label":..,"bits":..,"activation_bits":..,"sparsity":..,"accuracy":..
//  (or "rmse"),"bytes":..,"float_bytes":..,"ratio":..,"latency_ms":..,"float_accuracy":..,
//  "float_latency_ms":..,"speedup":..,"layer_error":[..],"out":FILE}
std::string CompressedJson(const CompressionMetrics& m, const CompressionMetrics& float_model,
                           const std::optional<std::string>& out);
// The same figures as a small table for people.
std::string CompressedText(const CompressionMetrics& m, const CompressionMetrics& float_model,
                           const std::optional<std::string>& out);

// {"bits":..,"sparsity":..,"accuracy":..|"rmse":..,"bytes":..,"latency_ms":..,"label":..,
//  "activation_bits":..,"ratio":..,"pareto":b,"layer_error":[..]}
std::string SweepPointJson(const SweepPoint& p);

// Prints sweep events: JSON lines (sweep_started, sweep_point, sweep_finished with all points)
// or a table row per point and the Pareto front at the end. Thread-safe.
class SweepPrinter final : public EventSink {
 public:
  SweepPrinter(std::FILE* out, bool json) : out_(out), json_(json) {}
  void Publish(Event event) override;

 private:
  std::FILE* out_;
  bool json_;
  std::mutex mu_;
  std::string metric_ = "accuracy";
};

}  // namespace optiscope::cli
