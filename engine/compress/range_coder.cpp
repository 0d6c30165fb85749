#include "engine/compress/range_coder.h"

namespace optiscope {

namespace {

constexpr uint32_t kTop = 1u << 24;

}  // namespace

void RangeEncoder::Encode(uint16_t& prob, int bit, int move) {
  const uint32_t bound = (range_ >> kProbBits) * prob;
  if (bit == 0) {
    range_ = bound;
    prob += ((1u << kProbBits) - prob) >> move;
  } else {
    low_ += bound;
    range_ -= bound;
    prob -= prob >> move;
  }
  while (range_ < kTop) {
    range_ <<= 8;
    ShiftLow();
  }
}

void RangeEncoder::EncodeTree(std::vector<uint16_t>& tree, int bits, int value, int move) {
  int node = 1;
  for (int b = bits - 1; b >= 0; --b) {
    const int bit = (value >> b) & 1;
    Encode(tree[node], bit, move);
    node = node * 2 + bit;
  }
}

std::vector<uint8_t> RangeEncoder::Finish() {
  for (int i = 0; i < 5; ++i) ShiftLow();
  return std::move(out_);
}

void RangeEncoder::ShiftLow() {
  if (static_cast<uint32_t>(low_) < 0xFF000000u || (low_ >> 32) != 0) {
    const uint8_t carry = static_cast<uint8_t>(low_ >> 32);
    uint8_t temp = cache_;
    do {
      out_.push_back(static_cast<uint8_t>(temp + carry));
      temp = 0xFF;
    } while (--cache_size_ != 0);
    cache_ = static_cast<uint8_t>(static_cast<uint32_t>(low_) >> 24);
  }
  ++cache_size_;
  low_ = static_cast<uint32_t>(low_) << 8;
}

RangeDecoder::RangeDecoder(std::span<const uint8_t> in) : in_(in) {
  for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | Next();
}

int RangeDecoder::Decode(uint16_t& prob, int move) {
  const uint32_t bound = (range_ >> kProbBits) * prob;
  int bit;
  if (code_ < bound) {
    range_ = bound;
    prob += ((1u << kProbBits) - prob) >> move;
    bit = 0;
  } else {
    code_ -= bound;
    range_ -= bound;
    prob -= prob >> move;
    bit = 1;
  }
  while (range_ < kTop) {
    range_ <<= 8;
    code_ = (code_ << 8) | Next();
  }
  return bit;
}

int RangeDecoder::DecodeTree(std::vector<uint16_t>& tree, int bits, int move) {
  int node = 1;
  for (int b = 0; b < bits; ++b) node = node * 2 + Decode(tree[node], move);
  return node - (1 << bits);
}

uint32_t RangeDecoder::Next() {
  if (pos_ < in_.size()) return in_[pos_++];
  overrun_ = true;
  return 0;
}

}  // namespace optiscope
