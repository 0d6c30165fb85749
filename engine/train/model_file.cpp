#include "engine/train/model_file.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/config/config_json.h"
#include "engine/config/model_catalog.h"
#include "engine/core/file_io.h"
#include "engine/core/json_depth.h"
#include "engine/features/feature_pipeline_io.h"
#include "engine/models/classic/estimator_io.h"
#include "engine/models/model_factory.h"

namespace optiscope {
namespace {

constexpr const char* kMagic = "OPTISCOPE-MODEL";
constexpr int kContainerVersion = 1;
// Payload 2 adds "features" (the fitted FeaturePipeline) when the model was trained behind a
// features block; payload 1 files (no pipeline) are still read.
constexpr int kPayloadVersion = 2;
constexpr int kOldestPayloadVersion = 1;
constexpr const char* kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string EncodeBase64(const unsigned char* data, size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  for (size_t i = 0; i < size; i += 3) {
    const uint32_t b0 = data[i], b1 = i + 1 < size ? data[i + 1] : 0,
                   b2 = i + 2 < size ? data[i + 2] : 0;
    const uint32_t triple = (b0 << 16) | (b1 << 8) | b2;
    out += kBase64[(triple >> 18) & 63];
    out += kBase64[(triple >> 12) & 63];
    out += i + 1 < size ? kBase64[(triple >> 6) & 63] : '=';
    out += i + 2 < size ? kBase64[triple & 63] : '=';
  }
  return out;
}

Result<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return Status::ParseError("base64 length is not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t triple = 0;
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      uint32_t v = 0;
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        ++pad;
      } else if (pad > 0) {
        return Status::ParseError("invalid base64 padding");
      } else if (const char* p = std::strchr(kBase64, c); p != nullptr && c != '\0') {
        v = static_cast<uint32_t>(p - kBase64);
      } else {
        return Status::ParseError("invalid base64 character");
      }
      triple = (triple << 6) | v;
    }
    out += static_cast<char>((triple >> 16) & 255);
    if (pad < 2) out += static_cast<char>((triple >> 8) & 255);
    if (pad < 1) out += static_cast<char>(triple & 255);
  }
  return out;
}

nlohmann::json FloatsJson(const Vec& v) { return std::vector<float>(v.data(), v.data() + v.size()); }

Status VecFromJson(const nlohmann::json& j, int size, const char* what, Vec* out) {
  const std::vector<float> values = j.get<std::vector<float>>();
  if (static_cast<int>(values.size()) != size) {
    return Status::InvalidArgument(std::string("model file: ") + what + " has " +
                                   std::to_string(values.size()) + " entries, expected " +
                                   std::to_string(size));
  }
  *out = Eigen::Map<const Vec>(values.data(), size);
  return Status::Ok();
}

}  // namespace

std::string EncodeModelFile(const std::string& kind, const nlohmann::json& payload) {
  const std::string body = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  char crc[16];
  std::snprintf(crc, sizeof(crc), "%08x", Crc32(body));
  return std::string(kMagic) + " " + std::to_string(kContainerVersion) + "\nkind " + kind +
         "\nbytes " + std::to_string(body.size()) + "\ncrc32 " + crc + "\n\n" + body;
}

Result<ModelFileContents> DecodeModelFile(const std::string& bytes, const std::string& source) {
  auto fail = [&](const std::string& why) { return Status::ParseError(source + ": " + why); };
  const std::string magic = std::string(kMagic) + " ";
  if (bytes.compare(0, magic.size(), magic) != 0) {
    return fail("not an optiscope model file (it does not start with \"" + std::string(kMagic) +
                "\")");
  }
  const size_t blank = bytes.find("\n\n");
  if (blank == std::string::npos) return fail("truncated header");
  std::istringstream header(bytes.substr(magic.size(), blank - magic.size()));
  int version = 0;
  std::string key_kind, kind, key_bytes, key_crc, crc_text;
  long long size = -1;
  if (!(header >> version)) return fail("malformed header (container version)");
  if (version != kContainerVersion) {
    return fail("model file version " + std::to_string(version) + " is not supported (this build "
                "reads version " + std::to_string(kContainerVersion) + ")");
  }
  if (!(header >> key_kind >> kind >> key_bytes >> size >> key_crc >> crc_text) ||
      key_kind != "kind" || key_bytes != "bytes" || key_crc != "crc32" || size < 0 ||
      crc_text.size() != 8) {
    return fail("malformed header (expected kind, bytes and crc32 lines)");
  }
  const std::string body = bytes.substr(blank + 2);
  if (static_cast<long long>(body.size()) < size) {
    return fail("truncated: the payload has " + std::to_string(body.size()) + " of " +
                std::to_string(size) + " bytes");
  }
  if (static_cast<long long>(body.size()) > size) {
    return fail("trailing bytes after the payload (" + std::to_string(body.size() - size) +
                " extra)");
  }
  char actual[16];
  std::snprintf(actual, sizeof(actual), "%08x", Crc32(body));
  if (crc_text != actual) {
    return fail("corrupt: checksum mismatch (crc32 " + std::string(actual) + ", header says " +
                crc_text + ")");
  }
  ModelFileContents contents;
  contents.kind = kind;
  if (Status depth = CheckJsonDepth(body); !depth.ok()) return fail(depth.message());
  try {
    contents.payload = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("payload is not JSON: ") + e.what());
  }
  return contents;
}

std::string EncodeFloats(std::span<const float> values) {
  std::string bytes(values.size() * 4, '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    for (int k = 0; k < 4; ++k) bytes[i * 4 + k] = static_cast<char>((bits >> (8 * k)) & 255);
  }
  return EncodeBase64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

Result<std::vector<float>> DecodeFloats(std::string_view base64) {
  auto bytes = DecodeBase64(base64);
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() % 4 != 0) return Status::ParseError("float data is not a multiple of 4 bytes");
  std::vector<float> values(bytes->size() / 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits = 0;
    for (int k = 0; k < 4; ++k) {
      bits |= static_cast<uint32_t>(static_cast<unsigned char>((*bytes)[i * 4 + k])) << (8 * k);
    }
    std::memcpy(&values[i], &bits, 4);
  }
  return values;
}

nlohmann::json TrainedModelHeaderJson(const TrainedModel& m, const ExperimentConfig& config) {
  ExperimentConfig c = config;
  c.model = m.model;
  nlohmann::json j;
  j["payload_version"] = kPayloadVersion;
  j["config"] = nlohmann::json::parse(WriteExperimentConfig(c));
  j["task"] = m.task == TaskKind::kClassification ? "classification" : "regression";
  j["num_inputs"] = m.num_inputs;
  j["num_outputs"] = m.num_outputs;
  j["feature_names"] = m.feature_names;
  j["target_name"] = m.target_name;
  j["class_names"] = m.class_names;
  j["preprocessing"] = {{"fill", FloatsJson(m.preprocessor.fill())},
                        {"offset", FloatsJson(m.preprocessor.offset())},
                        {"scale", FloatsJson(m.preprocessor.scale())}};
  j["target_offset"] = m.target_offset;
  j["target_scale"] = m.target_scale;
  if (m.features) j["features"] = FeaturePipelineToJson(*m.features);
  return j;
}

Status TrainedModelHeaderFromJson(const nlohmann::json& j, TrainedModel* m,
                                  ExperimentConfig* config) {
  try {
    const int payload_version = j.at("payload_version").get<int>();
    if (payload_version < kOldestPayloadVersion || payload_version > kPayloadVersion) {
      return Status::ParseError("model payload version " +
                                std::to_string(j.at("payload_version").get<int>()) +
                                " is not supported");
    }
    auto parsed = ParseExperimentConfig(j.at("config").dump(), "model file config");
    if (!parsed.ok()) return parsed.status();
    *config = *parsed;
    m->model = config->model;
    const std::string task = j.at("task").get<std::string>();
    if (task != "classification" && task != "regression") {
      return Status::InvalidArgument("model file: unknown task \"" + task + "\"");
    }
    m->task = task == "classification" ? TaskKind::kClassification : TaskKind::kRegression;
    m->num_inputs = j.at("num_inputs").get<int>();
    m->num_outputs = j.at("num_outputs").get<int>();
    if (m->num_inputs < 1 || m->num_outputs < 1) {
      return Status::InvalidArgument("model file: input and output counts must be >= 1");
    }
    m->feature_names = j.at("feature_names").get<std::vector<std::string>>();
    m->target_name = j.at("target_name").get<std::string>();
    m->class_names = j.at("class_names").get<std::vector<std::string>>();
    if (static_cast<int>(m->feature_names.size()) != m->num_inputs) {
      return Status::InvalidArgument("model file: feature names do not match num_inputs");
    }
    // Evaluation indexes the confusion matrix by predicted output: the class list must cover
    // every output, and a regression model has exactly one.
    if (m->task == TaskKind::kClassification &&
        static_cast<int>(m->class_names.size()) != m->num_outputs) {
      return Status::InvalidArgument("model file: " + std::to_string(m->class_names.size()) +
                                     " class names for " + std::to_string(m->num_outputs) +
                                     " outputs");
    }
    if (m->task == TaskKind::kRegression && m->num_outputs != 1) {
      return Status::InvalidArgument("model file: a regression model has 1 output, not " +
                                     std::to_string(m->num_outputs));
    }
    const nlohmann::json& p = j.at("preprocessing");
    Vec fill, offset, scale;
    OPTISCOPE_RETURN_IF_ERROR(VecFromJson(p.at("fill"), m->num_inputs, "fill", &fill));
    OPTISCOPE_RETURN_IF_ERROR(VecFromJson(p.at("offset"), m->num_inputs, "offset", &offset));
    OPTISCOPE_RETURN_IF_ERROR(VecFromJson(p.at("scale"), m->num_inputs, "scale", &scale));
    m->preprocessor.Restore(std::move(fill), std::move(offset), std::move(scale));
    m->target_offset = j.at("target_offset").get<double>();
    m->target_scale = j.at("target_scale").get<double>();
    m->features.reset();
    if (payload_version >= 2 && j.contains("features")) {
      auto pipeline = FeaturePipelineFromJson(j.at("features"), config->features);
      if (!pipeline.ok()) {
        return Status(pipeline.status().code(), "model file: " + pipeline.status().message());
      }
      if (pipeline->NumInputs() != m->num_inputs) {
        return Status::InvalidArgument("model file: the features pipeline takes " +
                                       std::to_string(pipeline->NumInputs()) +
                                       " columns, the model has " +
                                       std::to_string(m->num_inputs) + " inputs");
      }
      m->features = std::make_shared<const FeaturePipeline>(std::move(pipeline).value());
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(std::string("model file: ") + e.what());
  }
  return Status::Ok();
}

std::string EncodeTrainedModel(const TrainedModel& m, const ExperimentConfig& config) {
  nlohmann::json payload = TrainedModelHeaderJson(m, config);
  if (m.estimator != nullptr) {
    payload["estimator"] = {{"model", m.estimator->Name()}, {"state", m.estimator->SaveState()}};
    return EncodeModelFile("classic", payload);
  }
  payload["parameters"] = {{"dtype", "float32"},
                           {"encoding", "base64-le"},
                           {"count", m.parameters.size()},
                           {"data", EncodeFloats(m.parameters)}};
  return EncodeModelFile("dense", payload);
}

Status SaveTrainedModel(const TrainedModel& model, const ExperimentConfig& config,
                        const std::string& path) {
  return WriteFileAtomically(path, EncodeTrainedModel(model, config));
}

Result<LoadedModel> DecodeTrainedModel(const std::string& bytes, const std::string& source) {
  auto contents = DecodeModelFile(bytes, source);
  if (!contents.ok()) return contents.status();
  LoadedModel loaded;
  Status header = TrainedModelHeaderFromJson(contents->payload, &loaded.model, &loaded.config);
  if (!header.ok()) return Status(header.code(), source + ": " + header.message());
  TrainedModel& m = loaded.model;
  try {
    if (contents->kind == "classic") {
      const nlohmann::json doc = {{"format", "optiscope-classic-model"},
                                  {"version", 1},
                                  {"model", contents->payload.at("estimator").at("model")},
                                  {"state", contents->payload.at("estimator").at("state")}};
      auto estimator = LoadEstimator(doc.dump());
      if (!estimator.ok()) {
        return Status(estimator.status().code(), source + ": " + estimator.status().message());
      }
      if ((*estimator)->Name() != EnumName(m.model.type)) {
        return Status::InvalidArgument(source + ": the estimator does not match model.type");
      }
      // The estimator's own counts (checked inside its state) against the header's.
      const nlohmann::json& state = contents->payload.at("estimator").at("state");
      const int model_inputs = m.features ? m.features->NumOutputs() : m.num_inputs;
      if (state.at("num_features").get<int>() != model_inputs) {
        return Status::InvalidArgument(
            source + ": the estimator takes " + std::to_string(state.at("num_features").get<int>()) +
            " features, the model has " + std::to_string(model_inputs) + " inputs");
      }
      if (m.task == TaskKind::kClassification &&
          state.at("num_classes").get<int>() != static_cast<int>(m.class_names.size())) {
        return Status::InvalidArgument(
            source + ": the estimator knows " + std::to_string(state.at("num_classes").get<int>()) +
            " classes, the model names " + std::to_string(m.class_names.size()));
      }
      m.estimator = std::shared_ptr<const Estimator>(std::move(*estimator));
    } else if (contents->kind == "dense") {
      const nlohmann::json& p = contents->payload.at("parameters");
      if (p.at("dtype") != "float32" || p.at("encoding") != "base64-le") {
        return Status::ParseError(source + ": unsupported parameter encoding");
      }
      auto values = DecodeFloats(p.at("data").get<std::string>());
      if (!values.ok()) return Status::ParseError(source + ": " + values.status().message());
      const int model_inputs = m.features ? m.features->NumOutputs() : m.num_inputs;
      auto model = MakeModel(m.model, model_inputs, m.num_outputs, m.task);
      if (!model.ok()) return Status(model.status().code(), source + ": " + model.status().message());
      if (static_cast<int>(values->size()) != (*model)->NumParameters() ||
          p.at("count").get<size_t>() != values->size()) {
        return Status::InvalidArgument(source + ": " + std::to_string(values->size()) +
                                       " parameters, the architecture has " +
                                       std::to_string((*model)->NumParameters()));
      }
      m.parameters = *std::move(values);
    } else {
      return Status::ParseError(source + ": unknown model kind \"" + contents->kind + "\"");
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(source + ": " + e.what());
  }
  return loaded;
}

Result<LoadedModel> LoadTrainedModel(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return DecodeTrainedModel(*text, path);
}

}  // namespace optiscope
