#include "engine/compress/evaluate_compressed.h"

#include <fstream>

#include "engine/config/config_json.h"
#include "engine/train/evaluate_saved.h"

namespace optiscope {

std::string CompressedSourceConfig(const DataConfig& data) {
  ExperimentConfig config;
  config.data = data;
  return WriteExperimentConfig(config);
}

Result<DataConfig> CompressedSourceData(const CompressedModel& model) {
  if (model.source_config.empty()) {
    return Status::NotFound(
        "the compressed model does not record its training split; use --split all");
  }
  auto config = ParseExperimentConfig(model.source_config, "the model's source configuration");
  if (!config.ok()) return config.status();
  return config->data;
}

Result<EvaluationReport> EvaluateCompressedOnDataset(const CompressedModel& model,
                                                     const Dataset& data,
                                                     const std::string& split) {
  const ModelSignature signature{model.task, model.feature_names, model.class_names};
  OPTISCOPE_RETURN_IF_ERROR(CheckDatasetFits(signature, data));
  DataConfig source;
  if (split != "all") {
    auto recorded = CompressedSourceData(model);
    if (!recorded.ok()) return Status::InvalidArgument(recorded.status().message());
    source = *recorded;
  }
  auto rows = SplitRows(source, data, split);
  if (!rows.ok()) return rows.status();
  const Dataset part = data.Subset(*rows);
  auto outputs = model.PredictOutputs(part.X);
  if (!outputs.ok()) return outputs.status();
  const bool classify = model.task == TaskKind::kClassification;
  return ReportOfOutputs(signature, part, *outputs, classify, classify);
}

bool IsCompressedModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::string(magic, 4) == "OPTQ";
}

}  // namespace optiscope
