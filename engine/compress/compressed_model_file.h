// The compressed model file (.optq): a versioned binary container with a CRC-32 checksum that
// holds a CompressedModel — metadata as JSON, then the layers (packed or range-coded weights, half
// precision scales and biases). Layout in docs/compression.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/compress/compressed_model.h"
#include "engine/core/crc32.h"  // Crc32: the file checksum
#include "engine/core/status.h"

namespace optiscope {

// Version 2 range-codes a layer's scales, zero points and biases with its weights; version 1
// files (separately stored scales and biases) are still read.
inline constexpr uint32_t kCompressedFileVersion = 2;

// The layer section of the file (what CompressedModel::StorageBytes counts).
std::vector<uint8_t> SerializeLayers(const CompressedModel& model);

// The whole file: header (magic "OPTQ", version, payload size, CRC-32) + payload.
std::vector<uint8_t> SerializeCompressedModel(const CompressedModel& model);
// Parses a file image. InvalidArgument with a message naming the problem (not an Optiscope
// compressed model, unsupported version, truncated, checksum mismatch, malformed layer) — never
// a partially loaded model. The result is Prepare()d.
Result<CompressedModel> ParseCompressedModel(const std::vector<uint8_t>& bytes,
                                             const std::string& name = "the file");

// Writes / reads a file. IoError when it cannot be opened or written; load errors name the path.
Status SaveCompressedModel(const CompressedModel& model, const std::string& path);
Result<CompressedModel> LoadCompressedModel(const std::string& path);

}  // namespace optiscope
