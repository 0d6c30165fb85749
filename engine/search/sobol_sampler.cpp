#include "engine/search/sobol_sampler.h"

#include <array>
#include <cmath>

#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

constexpr int kBits = 32;

// Joe & Kuo new-joe-kuo-6.21201, dimensions 2..21: degree s, polynomial a, initial m_1..m_s.
struct Primitive {
  int s;
  uint32_t a;
  std::array<uint32_t, 8> m;
};
constexpr std::array<Primitive, 20> kPrimitives = {{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
}};

using Directions = std::array<std::array<uint32_t, kBits>, SobolSampler::kMaxDims>;

const Directions& DirectionNumbers() {
  static const Directions table = [] {
    Directions v{};
    for (int k = 0; k < kBits; ++k) v[0][k] = 1u << (kBits - 1 - k);
    for (int d = 1; d < SobolSampler::kMaxDims; ++d) {
      const Primitive& p = kPrimitives[d - 1];
      std::array<uint32_t, kBits> m{};
      for (int k = 0; k < p.s; ++k) m[k] = p.m[k];
      for (int k = p.s; k < kBits; ++k) {
        uint32_t mk = m[k - p.s] ^ (m[k - p.s] << p.s);
        for (int i = 1; i < p.s; ++i) {
          const uint32_t bit = (p.a >> (p.s - 1 - i)) & 1u;
          if (bit) mk ^= m[k - i] << i;
        }
        m[k] = mk;
      }
      for (int k = 0; k < kBits; ++k) v[d][k] = m[k] << (kBits - 1 - k);
    }
    return v;
  }();
  return table;
}

}  // namespace

std::vector<double> SobolSampler::Point(uint64_t index, int dims) {
  const Directions& v = DirectionNumbers();
  const uint64_t gray = index ^ (index >> 1);
  std::vector<double> out(dims);
  for (int d = 0; d < dims && d < kMaxDims; ++d) {
    uint32_t x = 0;
    for (int k = 0; k < kBits; ++k) {
      if ((gray >> k) & 1u) x ^= v[d][k];
    }
    out[d] = static_cast<double>(x) / 4294967296.0;
  }
  return out;
}

ParamSet SobolSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                              Direction, Rng& rng) {
  const uint64_t n = TrialsInSpace(space, history).size();
  const uint64_t index = n + ((options_.skip_first && !options_.scramble) ? 1 : 0);
  const int dims = space.size();
  std::vector<double> u = Point(index, std::min(dims, kMaxDims));
  if (options_.scramble) {
    Rng shift_rng(options_.seed);
    for (double& x : u) {
      const auto bits = static_cast<uint32_t>(x * 4294967296.0);
      const auto shift = static_cast<uint32_t>(shift_rng.NextU64() >> 32);
      x = static_cast<double>(bits ^ shift) / 4294967296.0;
    }
  }
  ParamSet out;
  for (int i = 0; i < dims; ++i) {
    const ParamSpec& p = space.params()[i];
    if (!space.IsActive(i, out)) continue;
    const double ui = i < kMaxDims ? u[i] : rng.Uniform();
    if (p.IsCategorical()) {
      out[p.name] = std::min<double>(std::floor(ui * p.NumChoices()), p.NumChoices() - 1);
    } else {
      out[p.name] = FromUnit(p, ui);
    }
  }
  return out;
}

}  // namespace optiscope
