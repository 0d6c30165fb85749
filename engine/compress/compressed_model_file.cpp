#include "engine/compress/compressed_model_file.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "engine/compress/weight_coding.h"
#include "engine/core/file_io.h"
#include "engine/core/json_depth.h"
#include "engine/core/memory.h"

namespace optiscope {

namespace {

constexpr char kMagic[4] = {'O', 'P', 'T', 'Q'};
constexpr size_t kHeaderSize = 4 + 4 + 8 + 4;

enum LayerKind : uint8_t { kFloatDense = 0, kFloatSparse = 1, kQuantized = 2 };

class Writer {
 public:
  template <class T>
  void Put(T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));  // little-endian hosts (x86-64, arm64)
    out.insert(out.end(), b, b + sizeof(T));
  }
  void Bytes(const std::vector<uint8_t>& b) { out.insert(out.end(), b.begin(), b.end()); }
  std::vector<uint8_t> out;
};

class Reader {
 public:
  Reader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  template <class T>
  bool Get(T* v) {
    if (n_ - pos_ < sizeof(T)) return false;
    std::memcpy(v, p_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool Bytes(size_t count, std::vector<uint8_t>* b) {
    if (n_ - pos_ < count) return false;
    b->assign(p_ + pos_, p_ + pos_ + count);
    pos_ += count;
    return true;
  }
  bool done() const { return pos_ == n_; }
  size_t remaining() const { return n_ - pos_; }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
};

nlohmann::json MetaJson(const CompressedModel& m) {
  nlohmann::json j;
  j["task"] = m.task == TaskKind::kClassification ? "classification" : "regression";
  j["activation"] = ActivationName(m.activation);
  if (m.activation == Activation::kLeakyRelu) j["negative_slope"] = m.negative_slope;
  j["inputs"] = m.num_inputs;
  j["outputs"] = m.num_outputs;
  j["feature_names"] = m.feature_names;
  j["class_names"] = m.class_names;
  j["target_name"] = m.target_name;
  j["target_offset"] = m.target_offset;
  j["target_scale"] = m.target_scale;
  j["input_fill"] = m.input.fill;
  j["input_offset"] = m.input.offset;
  j["input_scale"] = m.input.scale;
  j["description"] = m.description;
  if (!m.source_config.empty()) j["source_config"] = m.source_config;
  return j;
}

Status ReadMeta(const std::string& text, CompressedModel* m) {
  OPTISCOPE_RETURN_IF_ERROR(CheckJsonDepth(text));
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("metadata is not JSON");
  try {
    m->task = j.at("task").get<std::string>() == "regression" ? TaskKind::kRegression
                                                               : TaskKind::kClassification;
    auto act = ParseActivation(j.at("activation").get<std::string>());
    if (!act.ok()) return act.status();
    m->activation = *act;
    m->negative_slope = j.value("negative_slope", 0.01f);
    if (!std::isfinite(m->negative_slope) || m->negative_slope < 0) {
      return Status::InvalidArgument("metadata: negative_slope must be finite and >= 0");
    }
    m->num_inputs = j.at("inputs").get<int>();
    m->num_outputs = j.at("outputs").get<int>();
    m->feature_names = j.at("feature_names").get<std::vector<std::string>>();
    m->class_names = j.at("class_names").get<std::vector<std::string>>();
    m->target_name = j.at("target_name").get<std::string>();
    m->target_offset = j.at("target_offset").get<double>();
    m->target_scale = j.at("target_scale").get<double>();
    m->input.fill = j.at("input_fill").get<std::vector<float>>();
    m->input.offset = j.at("input_offset").get<std::vector<float>>();
    m->input.scale = j.at("input_scale").get<std::vector<float>>();
    m->description = j.value("description", "");
    m->source_config = j.value("source_config", "");
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("metadata: ") + e.what());
  }
  // Cross-checks: every count the metadata declares must agree with the others.
  const auto count = [](size_t v) { return std::to_string(v); };
  if (m->num_inputs < 1 || m->num_outputs < 1) {
    return Status::InvalidArgument("metadata: inputs and outputs must be >= 1");
  }
  const size_t inputs = static_cast<size_t>(m->num_inputs);
  if (m->feature_names.size() != inputs) {
    return Status::InvalidArgument("metadata: " + count(m->feature_names.size()) +
                                   " feature names for " + count(inputs) + " inputs");
  }
  for (const std::vector<float>* v : {&m->input.fill, &m->input.offset, &m->input.scale}) {
    if (v->size() != m->input.offset.size() || (!v->empty() && v->size() != inputs)) {
      return Status::InvalidArgument("metadata: an input transform has " + count(v->size()) +
                                     " entries for " + count(inputs) + " inputs");
    }
  }
  if (m->task == TaskKind::kClassification &&
      m->class_names.size() != static_cast<size_t>(m->num_outputs)) {
    return Status::InvalidArgument("metadata: " + count(m->class_names.size()) +
                                   " class names for " + count(m->num_outputs) + " outputs");
  }
  return Status::Ok();
}

// Layer record: u16 fan_in, u16 fan_out, u8 flags (bits 0-1 kind, 2-4 format, 5 per-channel,
// 6 affine, 7 range-coded), the weights, the biases, then the input activation grid. Written in
// the version 2 layout; ReadLayer also reads version 1 files.
void WriteLayer(const CompressedLayer& L, Writer& w) {
  const size_t n = static_cast<size_t>(L.fan_in) * L.fan_out;
  w.Put<uint16_t>(static_cast<uint16_t>(L.fan_in));
  w.Put<uint16_t>(static_cast<uint16_t>(L.fan_out));
  if (!L.quantized) {
    size_t nnz = 0;
    for (float v : L.weights) nnz += v != 0.0f;
    const bool sparse = nnz * 4 + (n + 7) / 8 < n * 4;
    w.Put<uint8_t>(sparse ? kFloatSparse : kFloatDense);
    if (sparse) {
      std::vector<uint8_t> mask((n + 7) / 8, 0);
      for (size_t i = 0; i < n; ++i) {
        if (L.weights[i] != 0.0f) mask[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      }
      w.Bytes(mask);
      for (float v : L.weights) {
        if (v != 0.0f) w.Put<float>(v);
      }
    } else {
      for (float v : L.weights) w.Put<float>(v);
    }
    for (float b : L.bias) w.Put<float>(b);
  } else {
    const bool per_channel = L.wparams.scale.size() > 1;
    bool affine = false;
    for (int32_t z : L.wparams.zero_point) affine |= z != 0;
    float s_max = 0;
    for (float s : L.wparams.scale) s_max = std::max(s_max, s);
    LayerCodes codes;
    if (per_channel) {
      for (float s : L.wparams.scale) codes.scale_codes.push_back(ScaleCode(s, s_max));
    }
    if (affine) {
      for (int32_t z : L.wparams.zero_point) codes.zero_points.push_back(static_cast<int8_t>(z));
    }
    codes.q = L.q;
    for (float b : L.bias) {
      const float code = L.bias_scale > 0 ? std::nearbyint(b / L.bias_scale) : 0.0f;
      codes.bias.push_back(static_cast<int8_t>(std::clamp(code, -127.0f, 127.0f)));
    }
    const std::vector<uint8_t> packed = PackWeights(L.q, L.format);
    const std::vector<uint8_t> coded = RangeEncodeLayer(codes, L.wparams.qmin, L.wparams.qmax);
    const size_t plain_extra = codes.scale_codes.size() + codes.zero_points.size() + codes.bias.size();
    const bool use_coded = coded.size() < packed.size() + plain_extra;
    w.Put<uint8_t>(static_cast<uint8_t>(kQuantized | (static_cast<int>(L.format) << 2) |
                                        (per_channel << 5) | (affine << 6) | (use_coded << 7)));
    w.Put<float>(s_max);
    w.Put<float>(L.bias_scale);
    if (use_coded) {
      w.Put<uint32_t>(static_cast<uint32_t>(coded.size()));
      w.Bytes(coded);
    } else {
      for (uint8_t c : codes.scale_codes) w.Put<uint8_t>(c);
      for (int8_t z : codes.zero_points) w.Put<int8_t>(z);
      w.Put<uint32_t>(static_cast<uint32_t>(packed.size()));
      w.Bytes(packed);
      for (int8_t b : codes.bias) w.Put<int8_t>(b);
    }
  }
  w.Put<uint8_t>(static_cast<uint8_t>(L.input_bits));
  if (L.input_bits > 0) {
    w.Put<float>(L.input_scale);
    w.Put<uint8_t>(static_cast<uint8_t>(L.input_zero));
  }
}

Status ReadLayer(Reader& r, uint32_t version, int index, CompressedLayer* L) {
  const std::string where = "layer " + std::to_string(index + 1) + ": ";
  const Status truncated = Status::InvalidArgument(where + "data ends early");
  uint16_t fan_in = 0, fan_out = 0;
  uint8_t flags = 0;
  if (!r.Get(&fan_in) || !r.Get(&fan_out) || !r.Get(&flags)) return truncated;
  if (fan_in == 0 || fan_out == 0) {
    return Status::InvalidArgument(where + "empty layer " + std::to_string(fan_in) + "x" +
                                   std::to_string(fan_out));
  }
  L->fan_in = fan_in;
  L->fan_out = fan_out;
  const size_t n = static_cast<size_t>(fan_in) * fan_out;
  const int kind = flags & 3;
  // Validate before allocating: a plain layer must have its bytes in the file, and any layer
  // (a range-coded one can be tiny on disk) must fit the memory budget once decoded.
  const bool coded = kind == kQuantized && ((flags >> 7) & 1);
  const size_t least = kind == kFloatDense    ? n * 4 + size_t{fan_out} * 4
                       : kind == kFloatSparse ? (n + 7) / 8 + size_t{fan_out} * 4
                       : coded                ? 0
                                              : (n + 7) / 8;  // 1-bit packed weights at least
  if (r.remaining() < least) {
    return Status::InvalidArgument(where + std::to_string(fan_in) + "x" + std::to_string(fan_out) +
                                   " weights need at least " + std::to_string(least) +
                                   " bytes, the file has " + std::to_string(r.remaining()) +
                                   " left");
  }
  OPTISCOPE_RETURN_IF_ERROR(CheckMemoryBudget(static_cast<double>(n) * 12.0,
                                              where + std::to_string(fan_in) + "x" +
                                                  std::to_string(fan_out) + " layer"));
  L->bias.assign(fan_out, 0.0f);
  if (kind == kFloatDense || kind == kFloatSparse) {
    L->quantized = false;
    L->weights.assign(n, 0.0f);
    if (kind == kFloatSparse) {
      std::vector<uint8_t> mask;
      if (!r.Bytes((n + 7) / 8, &mask)) return truncated;
      for (size_t i = 0; i < n; ++i) {
        if ((mask[i / 8] >> (i % 8)) & 1) {
          if (!r.Get(&L->weights[i])) return truncated;
        }
      }
    } else {
      for (float& v : L->weights) {
        if (!r.Get(&v)) return truncated;
      }
    }
    for (float& b : L->bias) {
      if (!r.Get(&b)) return truncated;
    }
  } else if (kind == kQuantized) {
    const int format = (flags >> 2) & 7;
    const bool per_channel = (flags >> 5) & 1, affine = (flags >> 6) & 1;
    if (format > static_cast<int>(QuantFormat::kBinary)) {
      return Status::InvalidArgument(where + "unknown weight format " + std::to_string(format));
    }
    L->quantized = true;
    L->format = static_cast<QuantFormat>(format);
    WeightRange(L->format, &L->wparams.qmin, &L->wparams.qmax);
    const size_t groups = per_channel ? fan_out : 1;
    L->wparams.scale.assign(groups, 0.0f);
    L->wparams.zero_point.assign(groups, 0);
    float s_max = 0;
    if (!r.Get(&s_max)) return truncated;
    LayerCodes codes;
    codes.scale_codes.assign(per_channel ? fan_out : 0, 0);
    codes.zero_points.assign(affine ? groups : 0, 0);
    codes.bias.assign(fan_out, 0);
    uint32_t size = 0;
    std::vector<uint8_t> payload;
    if (version >= 2) {
      // Version 2: bias scale first; a range-coded layer codes scales, zero points, weights and
      // biases in one stream.
      if (!r.Get(&L->bias_scale)) return truncated;
    }
    if (version >= 2 && coded) {
      if (!r.Get(&size) || !r.Bytes(size, &payload)) return truncated;
      codes.q.assign(n, 0);
      if (Status s = RangeDecodeLayer(payload, L->wparams.qmin, L->wparams.qmax, &codes); !s.ok()) {
        return Status::InvalidArgument(where + s.message());
      }
      L->q = std::move(codes.q);
    } else {
      for (uint8_t& c : codes.scale_codes) {
        if (!r.Get(&c)) return truncated;
      }
      for (int8_t& z : codes.zero_points) {
        if (!r.Get(&z)) return truncated;
      }
      if (!r.Get(&size) || !r.Bytes(size, &payload)) return truncated;
      Status s = coded ? RangeDecodeWeights(payload, L->wparams.qmin, L->wparams.qmax, n, &L->q)
                       : UnpackWeights(payload, L->format, n, &L->q);
      if (!s.ok()) return Status::InvalidArgument(where + s.message());
      if (version < 2 && !r.Get(&L->bias_scale)) return truncated;
      for (int8_t& b : codes.bias) {
        if (!r.Get(&b)) return truncated;
      }
    }
    for (size_t g = 0; g < groups; ++g) {
      L->wparams.scale[g] = per_channel ? ScaleFromCode(codes.scale_codes[g], s_max) : s_max;
      if (affine) L->wparams.zero_point[g] = codes.zero_points[g];
    }
    for (int o = 0; o < fan_out; ++o) L->bias[o] = codes.bias[o] * L->bias_scale;
  } else {
    return Status::InvalidArgument(where + "unknown layer kind " + std::to_string(kind));
  }
  uint8_t bits = 0;
  if (!r.Get(&bits)) return truncated;
  if (bits != 0 && bits != 4 && bits != 8) {
    return Status::InvalidArgument(where + "unsupported activation bits " + std::to_string(bits));
  }
  L->input_bits = bits;
  if (bits > 0) {
    uint8_t zero = 0;
    if (!r.Get(&L->input_scale) || !r.Get(&zero)) return truncated;
    L->input_zero = zero;
  }
  return Status::Ok();
}

}  // namespace

std::vector<uint8_t> SerializeLayers(const CompressedModel& model) {
  Writer w;
  w.Put<uint32_t>(static_cast<uint32_t>(model.layers.size()));
  for (const CompressedLayer& L : model.layers) WriteLayer(L, w);
  return std::move(w.out);
}

std::vector<uint8_t> SerializeCompressedModel(const CompressedModel& model) {
  Writer payload;
  const std::string meta = MetaJson(model).dump();
  payload.Put<uint32_t>(static_cast<uint32_t>(meta.size()));
  payload.out.insert(payload.out.end(), meta.begin(), meta.end());
  payload.Bytes(SerializeLayers(model));
  Writer file;
  file.out.reserve(4 + 4 + 8 + 4 + payload.out.size());
  file.out.assign(kMagic, kMagic + 4);
  file.Put<uint32_t>(kCompressedFileVersion);
  file.Put<uint64_t>(payload.out.size());
  file.Put<uint32_t>(Crc32(payload.out.data(), payload.out.size()));
  file.Bytes(payload.out);
  return std::move(file.out);
}

Result<CompressedModel> ParseCompressedModel(const std::vector<uint8_t>& bytes,
                                             const std::string& name) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(name + ": " + why);
  };
  if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0) {
    return bad("not an Optiscope compressed model (no OPTQ signature)");
  }
  if (bytes.size() < kHeaderSize) return bad("truncated (the header is incomplete)");
  Reader header(bytes.data() + 4, kHeaderSize - 4);
  uint32_t version = 0, crc = 0;
  uint64_t size = 0;
  header.Get(&version);
  header.Get(&size);
  header.Get(&crc);
  if (version < 1 || version > kCompressedFileVersion) {
    return bad("unsupported format version " + std::to_string(version) +
               " (this build reads 1 to " + std::to_string(kCompressedFileVersion) + ")");
  }
  if (bytes.size() - kHeaderSize < size) {
    return bad("truncated: " + std::to_string(bytes.size() - kHeaderSize) + " of " +
               std::to_string(size) + " payload bytes present");
  }
  if (bytes.size() - kHeaderSize > size) return bad("unexpected bytes after the payload");
  const uint8_t* payload = bytes.data() + kHeaderSize;
  if (Crc32(payload, size) != crc) return bad("checksum mismatch: the file is corrupt");
  Reader r(payload, size);
  CompressedModel model;
  uint32_t meta_size = 0;
  std::vector<uint8_t> meta;
  if (!r.Get(&meta_size) || !r.Bytes(meta_size, &meta)) return bad("metadata truncated");
  if (Status s = ReadMeta(std::string(meta.begin(), meta.end()), &model); !s.ok()) {
    return bad(s.message());
  }
  uint32_t layers = 0;
  if (!r.Get(&layers) || layers == 0 || layers > 1024) return bad("bad layer count");
  model.layers.resize(layers);
  for (uint32_t l = 0; l < layers; ++l) {
    if (Status s = ReadLayer(r, version, static_cast<int>(l), &model.layers[l]); !s.ok()) {
      return bad(s.message());
    }
    if (l > 0 && model.layers[l].fan_in != model.layers[l - 1].fan_out) {
      return bad("layer " + std::to_string(l + 1) + " does not fit the previous layer");
    }
  }
  if (!r.done()) return bad("unexpected bytes after the last layer");
  if (model.layers.front().fan_in != model.num_inputs ||
      model.layers.back().fan_out != model.num_outputs) {
    return bad("layer sizes do not match the declared inputs/outputs");
  }
  model.Prepare();
  return model;
}

Status SaveCompressedModel(const CompressedModel& model, const std::string& path) {
  const std::vector<uint8_t> bytes = SerializeCompressedModel(model);
  return WriteFileAtomically(
      path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<CompressedModel> LoadCompressedModel(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return Status::IoError(text.status().message());  // missing too, as before
  const std::vector<uint8_t> bytes(text->begin(), text->end());
  return ParseCompressedModel(bytes, path);
}

}  // namespace optiscope
