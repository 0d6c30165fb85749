// Adaptive binary range coding (the LZMA range coder, Pavlov; arithmetic coding after Witten,
// Neal & Cleary 1987): bits coded with 12-bit probabilities that adapt after every bit, and
// bit trees for multi-bit values. Used by the compressed model file's entropy-coded sections.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace optiscope {

inline constexpr int kProbBits = 12;
inline constexpr uint16_t kProbHalf = 1u << (kProbBits - 1);

// Adaptation rate: after each bit `prob` moves 1/2^move of the way towards it. 6 (slow, precise)
// suits long streams such as weights; 4 learns quickly from a few hundred values.
inline constexpr int kMoveSlow = 6;
inline constexpr int kMoveFast = 4;

// Encodes bits; Finish() returns the stream. Each Encode adapts `prob` (P(bit = 0)).
class RangeEncoder {
 public:
  void Encode(uint16_t& prob, int bit, int move = kMoveSlow);
  // The `bits` low bits of `value`, most significant first, through a bit tree of
  // probabilities `tree` (2^bits entries, kProbHalf initially).
  void EncodeTree(std::vector<uint16_t>& tree, int bits, int value, int move = kMoveSlow);
  std::vector<uint8_t> Finish();

 private:
  void ShiftLow();
  uint64_t low_ = 0;
  uint32_t range_ = 0xFFFFFFFFu;
  uint8_t cache_ = 0;
  uint64_t cache_size_ = 1;
  std::vector<uint8_t> out_;
};

// Decodes what RangeEncoder wrote, with the same sequence of probabilities. Reading past the end
// yields zero bytes and sets overrun().
class RangeDecoder {
 public:
  explicit RangeDecoder(std::span<const uint8_t> in);
  int Decode(uint16_t& prob, int move = kMoveSlow);
  int DecodeTree(std::vector<uint16_t>& tree, int bits, int move = kMoveSlow);
  bool overrun() const { return overrun_; }

 private:
  uint32_t Next();
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  uint32_t code_ = 0;
  uint32_t range_ = 0xFFFFFFFFu;
  bool overrun_ = false;
};

}  // namespace optiscope
