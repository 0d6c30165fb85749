#include "engine/compress/weight_coding.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace optiscope {

namespace {

int BitsOf(QuantFormat format) {
  switch (format) {
    case QuantFormat::kInt8: return 8;
    case QuantFormat::kInt4: return 4;
    case QuantFormat::kInt2: return 2;
    case QuantFormat::kTernary: return 0;  // base 3
    case QuantFormat::kBinary: return 1;
  }
  return 8;
}

size_t PackedSize(QuantFormat format, size_t count) {
  const int bits = BitsOf(format);
  if (bits == 0) return (count + 4) / 5;
  return (count * bits + 7) / 8;
}

constexpr uint32_t kTop = 1u << 24;
constexpr int kProbBits = 12;
constexpr int kMoveBits = 6;

class RangeEncoder {
 public:
  void Encode(uint16_t& prob, int bit) {
    const uint32_t bound = (range_ >> kProbBits) * prob;
    if (bit == 0) {
      range_ = bound;
      prob += ((1u << kProbBits) - prob) >> kMoveBits;
    } else {
      low_ += bound;
      range_ -= bound;
      prob -= prob >> kMoveBits;
    }
    while (range_ < kTop) {
      range_ <<= 8;
      ShiftLow();
    }
  }
  std::vector<uint8_t> Finish() {
    for (int i = 0; i < 5; ++i) ShiftLow();
    return std::move(out_);
  }

 private:
  void ShiftLow() {
    if (static_cast<uint32_t>(low_) < 0xFF000000u || (low_ >> 32) != 0) {
      uint8_t carry = static_cast<uint8_t>(low_ >> 32);
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
  uint64_t low_ = 0;
  uint32_t range_ = 0xFFFFFFFFu;
  uint8_t cache_ = 0;
  uint64_t cache_size_ = 1;
  std::vector<uint8_t> out_;
};

class RangeDecoder {
 public:
  explicit RangeDecoder(std::span<const uint8_t> in) : in_(in) {
    for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | Next();
  }
  int Decode(uint16_t& prob) {
    const uint32_t bound = (range_ >> kProbBits) * prob;
    int bit;
    if (code_ < bound) {
      range_ = bound;
      prob += ((1u << kProbBits) - prob) >> kMoveBits;
      bit = 0;
    } else {
      code_ -= bound;
      range_ -= bound;
      prob -= prob >> kMoveBits;
      bit = 1;
    }
    while (range_ < kTop) {
      range_ <<= 8;
      code_ = (code_ << 8) | Next();
    }
    return bit;
  }
  bool overrun() const { return overrun_; }

 private:
  uint32_t Next() {
    if (pos_ < in_.size()) return in_[pos_++];
    overrun_ = true;
    return 0;
  }
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  uint32_t code_ = 0;
  uint32_t range_ = 0xFFFFFFFFu;
  bool overrun_ = false;
};

}  // namespace

std::vector<uint8_t> PackWeights(std::span<const int8_t> q, QuantFormat format) {
  const int bits = BitsOf(format);
  std::vector<uint8_t> out(PackedSize(format, q.size()), 0);
  if (bits == 8) {
    std::memcpy(out.data(), q.data(), q.size());
  } else if (bits == 0) {
    for (size_t i = 0; i < q.size(); i += 5) {
      int v = 0;
      for (size_t j = std::min(q.size(), i + 5); j-- > i;) v = v * 3 + (q[j] + 1);
      out[i / 5] = static_cast<uint8_t>(v);
    }
  } else {
    const int mask = (1 << bits) - 1;
    for (size_t i = 0; i < q.size(); ++i) {
      const int v = bits == 1 ? (q[i] > 0 ? 1 : 0) : (q[i] & mask);
      out[i * bits / 8] |= static_cast<uint8_t>(v << (i * bits % 8));
    }
  }
  return out;
}

Status UnpackWeights(std::span<const uint8_t> bytes, QuantFormat format, size_t count,
                     std::vector<int8_t>* q) {
  if (bytes.size() < PackedSize(format, count)) {
    return Status::InvalidArgument("packed weights are truncated");
  }
  const int bits = BitsOf(format);
  q->assign(count, 0);
  if (bits == 8) {
    std::memcpy(q->data(), bytes.data(), count);
  } else if (bits == 0) {
    for (size_t i = 0; i < count; i += 5) {
      int v = bytes[i / 5];
      if (v >= 243) return Status::InvalidArgument("invalid ternary byte");
      for (size_t j = i; j < std::min(count, i + 5); ++j) {
        (*q)[j] = static_cast<int8_t>(v % 3 - 1);
        v /= 3;
      }
    }
  } else {
    const int mask = (1 << bits) - 1;
    for (size_t i = 0; i < count; ++i) {
      int v = (bytes[i * bits / 8] >> (i * bits % 8)) & mask;
      if (bits == 1) {
        v = v ? 1 : -1;
      } else if (v >= (1 << (bits - 1))) {
        v -= 1 << bits;  // sign-extend
      }
      (*q)[i] = static_cast<int8_t>(v);
    }
  }
  return Status::Ok();
}

// The model: a "non-zero" flag (context: the previous flag), then for non-zeros a sign bit and
// |q| - 1 through a bit tree of adaptive probabilities.
struct WeightModel {
  explicit WeightModel(int qmin, int qmax) {
    const int max_mag = std::max(-qmin, qmax);
    bits = 0;
    while ((1 << bits) < max_mag) ++bits;
    tree.assign(size_t{1} << std::max(bits, 1), 1u << (kProbBits - 1));
  }
  int bits;
  uint16_t flag[2] = {1u << (kProbBits - 1), 1u << (kProbBits - 1)};
  uint16_t sign = 1u << (kProbBits - 1);
  std::vector<uint16_t> tree;
};

std::vector<uint8_t> RangeEncodeWeights(std::span<const int8_t> q, int qmin, int qmax) {
  WeightModel model(qmin, qmax);
  RangeEncoder enc;
  int prev = 0;
  for (int8_t v : q) {
    const int nz = v != 0;
    enc.Encode(model.flag[prev], nz);
    prev = nz;
    if (!nz) continue;
    enc.Encode(model.sign, v < 0);
    const int u = std::abs(static_cast<int>(v)) - 1;
    int node = 1;
    for (int b = model.bits - 1; b >= 0; --b) {
      const int bit = (u >> b) & 1;
      enc.Encode(model.tree[node], bit);
      node = node * 2 + bit;
    }
  }
  return enc.Finish();
}

Status RangeDecodeWeights(std::span<const uint8_t> bytes, int qmin, int qmax, size_t count,
                          std::vector<int8_t>* q) {
  WeightModel model(qmin, qmax);
  RangeDecoder dec(bytes);
  q->assign(count, 0);
  int prev = 0;
  for (size_t i = 0; i < count; ++i) {
    const int nz = dec.Decode(model.flag[prev]);
    prev = nz;
    if (!nz) continue;
    const int negative = dec.Decode(model.sign);
    int node = 1;
    for (int b = 0; b < model.bits; ++b) node = node * 2 + dec.Decode(model.tree[node]);
    const int mag = node - (1 << model.bits) + 1;
    const int v = negative ? -mag : mag;
    if (v < qmin || v > qmax) return Status::InvalidArgument("range-coded weights are corrupt");
    (*q)[i] = static_cast<int8_t>(v);
  }
  if (dec.overrun()) return Status::InvalidArgument("range-coded weights are truncated");
  return Status::Ok();
}

uint8_t ScaleCode(float scale, float max_scale) {
  if (!(scale > 0) || !(max_scale > 0)) return 255;
  const double code = std::nearbyint(-16.0 * std::log2(static_cast<double>(scale) / max_scale));
  return static_cast<uint8_t>(std::clamp(code, 0.0, 255.0));
}

float ScaleFromCode(uint8_t code, float max_scale) {
  return static_cast<float>(max_scale * std::exp2(-code / 16.0));
}

uint16_t FloatToHalf(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const int exp = static_cast<int>((x >> 23) & 0xFF) - 127 + 15;
  uint32_t mant = x & 0x7FFFFFu;
  if (((x >> 23) & 0xFF) == 0xFF) return static_cast<uint16_t>(sign | 0x7C00u | (mant ? 0x200u : 0));
  if (exp >= 31) return static_cast<uint16_t>(sign | 0x7C00u);
  if (exp <= 0) {
    if (exp < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000u;
    const int shift = 14 - exp;
    uint32_t h = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = (static_cast<uint32_t>(exp) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1FFFu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1))) ++h;  // may carry into the exponent: fine
  return static_cast<uint16_t>(sign | h);
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const int exp = (h >> 10) & 0x1F;
  uint32_t mant = h & 0x3FFu;
  uint32_t x;
  if (exp == 0) {
    if (mant == 0) {
      x = sign;
    } else {
      int e = -1;
      do {
        ++e;
        mant <<= 1;
      } while ((mant & 0x400u) == 0);
      x = sign | (static_cast<uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3FFu) << 13);
    }
  } else if (exp == 31) {
    x = sign | 0x7F800000u | (mant << 13);
  } else {
    x = sign | (static_cast<uint32_t>(exp - 15 + 127) << 23) | (mant << 13);
  }
  return std::bit_cast<float>(x);
}

}  // namespace optiscope
