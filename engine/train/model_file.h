// Model files (`train --save-model`, `evaluate --model`): a small versioned text header with the
// payload's size and CRC-32, then a JSON payload. The layout is documented in docs/models.md.
//
//   OPTISCOPE-MODEL 1\n        magic and container version
//   kind dense\n               dense | classic (other kinds, e.g. compressed models, may be added)
//   bytes 12345\n              payload size in bytes
//   crc32 1a2b3c4d\n           CRC-32 (IEEE 802.3, as zlib) of the payload, 8 hex digits
//   \n
//   {...payload JSON...}
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/crc32.h"    // Crc32: the payload checksum
#include "engine/core/file_io.h"  // WriteFileAtomically: how the files are written
#include "engine/core/status.h"
#include "engine/train/trained_model.h"

namespace optiscope {

struct ModelFileContents {
  std::string kind;  // "dense", "classic", ...
  nlohmann::json payload;
};

// The file bytes for `payload` of `kind` (a word without spaces).
std::string EncodeModelFile(const std::string& kind, const nlohmann::json& payload);
// Parses EncodeModelFile's bytes. ParseError naming `source` for: wrong magic (not a model
// file), an unsupported container version, a malformed header, a truncated or overlong payload,
// a checksum mismatch (corrupt file), or payload JSON that does not parse.
Result<ModelFileContents> DecodeModelFile(const std::string& bytes, const std::string& source);

// Little-endian IEEE float32 values as base64 text (exact round trip), and back. DecodeFloats:
// ParseError for invalid base64 or a byte count that is not a multiple of 4.
std::string EncodeFloats(std::span<const float> values);
Result<std::vector<float>> DecodeFloats(std::string_view base64);

// What every model payload carries besides the fitted model itself: format version, the
// experiment configuration it was trained with (config.model is the architecture), task,
// input/output sizes, feature/target/class names, fitted preprocessing and target scaling, and
// (payload version 2) the fitted features pipeline when the model has one.
nlohmann::json TrainedModelHeaderJson(const TrainedModel& model, const ExperimentConfig& config);
// Restores what TrainedModelHeaderJson wrote into *model (all but parameters / estimator) and
// *config. Reads payload versions 1 (no features pipeline) and 2. ParseError / InvalidArgument
// for missing fields, wrong types, inconsistent sizes or an unsupported payload version.
Status TrainedModelHeaderFromJson(const nlohmann::json& payload, TrainedModel* model,
                                  ExperimentConfig* config);

// A trained model (dense network: its float parameters; classic: the estimator's JSON state) and
// the configuration it was trained with, as model file bytes / written atomically to `path`.
std::string EncodeTrainedModel(const TrainedModel& model, const ExperimentConfig& config);
Status SaveTrainedModel(const TrainedModel& model, const ExperimentConfig& config,
                        const std::string& path);

struct LoadedModel {
  TrainedModel model;
  ExperimentConfig config;
};
// Reverses EncodeTrainedModel. Errors as DecodeModelFile, plus InvalidArgument/ParseError for a
// payload that does not describe a usable model (parameter count not matching the architecture,
// unknown estimator, ...). Never throws.
Result<LoadedModel> DecodeTrainedModel(const std::string& bytes, const std::string& source);
// Reads `path` and decodes it. NotFound / IoError when the file cannot be read.
Result<LoadedModel> LoadTrainedModel(const std::string& path);


}  // namespace optiscope
