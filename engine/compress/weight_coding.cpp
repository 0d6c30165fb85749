#include "engine/compress/weight_coding.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "engine/compress/range_coder.h"

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

namespace {

// The model: a "non-zero" flag (context: the previous flag), then for non-zeros a sign bit and
// |q| - 1 through a bit tree of adaptive probabilities.
struct WeightModel {
  WeightModel(int qmin, int qmax, int move = kMoveSlow) : qmin(qmin), qmax(qmax), move(move) {
    const int max_mag = std::max(-qmin, qmax);
    bits = 0;
    while ((1 << bits) < max_mag) ++bits;
    tree.assign(size_t{1} << std::max(bits, 1), kProbHalf);
  }
  void Encode(RangeEncoder& enc, int v) {
    const int nz = v != 0;
    enc.Encode(flag[prev], nz, move);
    prev = nz;
    if (!nz) return;
    enc.Encode(sign, v < 0, move);
    enc.EncodeTree(tree, bits, std::abs(v) - 1, move);
  }
  // False when the decoded value is outside [qmin, qmax] (a corrupt stream).
  bool Decode(RangeDecoder& dec, int* v) {
    const int nz = dec.Decode(flag[prev], move);
    prev = nz;
    if (!nz) {
      *v = 0;
      return true;
    }
    const int negative = dec.Decode(sign, move);
    const int mag = dec.DecodeTree(tree, bits, move) + 1;
    *v = negative ? -mag : mag;
    return *v >= qmin && *v <= qmax;
  }
  int qmin, qmax, move, bits;
  int prev = 0;
  uint16_t flag[2] = {kProbHalf, kProbHalf};
  uint16_t sign = kProbHalf;
  std::vector<uint16_t> tree;
};

}  // namespace

std::vector<uint8_t> RangeEncodeWeights(std::span<const int8_t> q, int qmin, int qmax) {
  WeightModel model(qmin, qmax);
  RangeEncoder enc;
  for (int8_t v : q) model.Encode(enc, v);
  return enc.Finish();
}

Status RangeDecodeWeights(std::span<const uint8_t> bytes, int qmin, int qmax, size_t count,
                          std::vector<int8_t>* q) {
  WeightModel model(qmin, qmax);
  RangeDecoder dec(bytes);
  q->assign(count, 0);
  for (size_t i = 0; i < count; ++i) {
    int v = 0;
    if (!model.Decode(dec, &v)) return Status::InvalidArgument("range-coded weights are corrupt");
    (*q)[i] = static_cast<int8_t>(v);
  }
  if (dec.overrun()) return Status::InvalidArgument("range-coded weights are truncated");
  return Status::Ok();
}

std::vector<uint8_t> RangeEncodeLayer(const LayerCodes& codes, int qmin, int qmax) {
  RangeEncoder enc;
  std::vector<uint16_t> scale_tree(256, kProbHalf);
  for (uint8_t c : codes.scale_codes) enc.EncodeTree(scale_tree, 8, c, kMoveFast);
  WeightModel zero_model(-128, 127, kMoveFast), weight_model(qmin, qmax),
      bias_model(-128, 127, kMoveFast);
  for (int8_t z : codes.zero_points) zero_model.Encode(enc, z);
  for (int8_t v : codes.q) weight_model.Encode(enc, v);
  for (int8_t b : codes.bias) bias_model.Encode(enc, b);
  return enc.Finish();
}

Status RangeDecodeLayer(std::span<const uint8_t> bytes, int qmin, int qmax, LayerCodes* codes) {
  RangeDecoder dec(bytes);
  std::vector<uint16_t> scale_tree(256, kProbHalf);
  for (uint8_t& c : codes->scale_codes) {
    c = static_cast<uint8_t>(dec.DecodeTree(scale_tree, 8, kMoveFast));
  }
  WeightModel zero_model(-128, 127, kMoveFast), weight_model(qmin, qmax),
      bias_model(-128, 127, kMoveFast);
  auto decode = [&](WeightModel& model, std::vector<int8_t>& out) {
    for (int8_t& v : out) {
      int x = 0;
      if (!model.Decode(dec, &x)) return false;
      v = static_cast<int8_t>(x);
    }
    return true;
  };
  if (!decode(zero_model, codes->zero_points) || !decode(weight_model, codes->q) ||
      !decode(bias_model, codes->bias)) {
    return Status::InvalidArgument("range-coded layer is corrupt");
  }
  if (dec.overrun()) return Status::InvalidArgument("range-coded layer is truncated");
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
