// CompressObjective: compression settings of one trained model as a study objective (accuracy
// against storage bytes by default), and rebuilding a trial's compressed model for export.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/compress/compress_evaluate.h"
#include "engine/config/experiment_config.h"
#include "engine/search/objective.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"

namespace optiscope {

// Where the model to compress comes from: a model file, or an experiment configuration trained
// once (on the first trial) and kept for the rest of the study.
struct CompressObjectiveOptions {
  std::string model_path;                    // a trained dense model file; or
  std::optional<ExperimentConfig> config;    // a configuration to train
  // Values returned, in order (CompressMetricNames); default accuracy (maximize), bytes (minimize).
  std::vector<std::string> metrics = {"accuracy", "bytes"};
  int latency_rows = 256;  // latency_ms measurement batch (timed only when a metric needs it)
  double fine_tune_lr = 1e-3;
};

// "accuracy", "rmse", "bytes", "ratio" (float32 bytes / bytes), "latency_ms", "sparsity".
const std::vector<std::string>& CompressMetricNames();
// The direction a compress metric is usually optimised in (accuracy, ratio: maximize).
Direction DefaultCompressDirection(const std::string& metric);
// The space parameters a compress objective understands: bits, per_channel, symmetric,
// sparsity, activation_bits, fine_tune_epochs, qat, scope, calibration.
const std::vector<std::string>& CompressParamNames();
// The default space: bits {32, 8, 4, 2, 1.58, 1}, per_channel {true, false}, sparsity [0, 0.9],
// activation_bits {8, 4, 0}, fine_tune_epochs 0..3.
SearchSpace DefaultCompressSpace();
// The settings a trial's parameters describe (unnamed settings keep CompressionSettings'
// defaults; fine_tune_epochs 0 with sparsity > 0 prunes one-shot). Errors name the parameter.
Result<CompressionSettings> CompressSettingsOf(const std::vector<TrialParam>& params,
                                               double fine_tune_lr);

// Each trial compresses the base model with its settings (CompressAndEvaluate, the test split)
// and returns options.metrics. The base model is loaded or trained on first use and shared by
// every trial (guarded by a mutex; trials then run concurrently). Thread-safe.
class CompressObjective final : public StudyObjective {
 public:
  explicit CompressObjective(CompressObjectiveOptions options);
  int NumValues() const override { return static_cast<int>(options_.metrics.size()); }
  Result<std::vector<double>> Evaluate(const TrialRequest& request,
                                       TrialContext& context) override;
  // The compressed model of `params` (for "study export --best-model"), recording the base
  // model's data source so `evaluate --split test` can score it.
  Result<CompressionResult> Compress(const std::vector<TrialParam>& params,
                                     std::stop_token stop = {});
  const CompressObjectiveOptions& options() const { return options_; }

 private:
  struct Base {
    TrainedModel model;
    CompressionData data;
    DataConfig source;  // where `data` came from (recorded in exported .optq files)
  };
  // Loads or trains the base model once; later calls share it (a failure is retried next time).
  Result<std::shared_ptr<const Base>> GetBase(std::stop_token stop);

  CompressObjectiveOptions options_;
  std::mutex mu_;
  std::shared_ptr<const Base> base_;
};

}  // namespace optiscope
