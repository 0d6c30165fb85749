// A digits MLP trained once per test binary (64-128-64-10 ReLU, Adam, 12 epochs) and its
// compression data, shared by the compression tests.
#pragma once

#include "engine/compress/compression_data.h"
#include "engine/train/experiment.h"

namespace optiscope::testing {

struct TrainedDigits {
  ExperimentConfig config;
  RunResult run;
  CompressionData data;
};

inline const TrainedDigits& Digits() {
  static const TrainedDigits* digits = [] {
    auto* d = new TrainedDigits;
    d->config = DemoConfig();
    d->config.training.epochs = 12;
    NullEventSink sink;
    auto run = RunExperiment(d->config, sink);
    if (!run.ok()) std::abort();
    d->run = std::move(*run);
    auto data = PrepareCompressionData(d->config.data, d->run.model);
    if (!data.ok()) std::abort();
    d->data = std::move(*data);
    return d;
  }();
  return *digits;
}

}  // namespace optiscope::testing
