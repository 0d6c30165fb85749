// CRC-32 checksums of model files and the Hyperband bracket hash (one implementation for all).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace optiscope {

// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF; equal to
// zlib's crc32 and Python's binascii.crc32). "123456789" -> 0xCBF43926; empty -> 0.
uint32_t Crc32(const void* data, size_t size);
inline uint32_t Crc32(std::string_view bytes) { return Crc32(bytes.data(), bytes.size()); }

}  // namespace optiscope
