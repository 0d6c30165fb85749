// Rng: a small, fast, seedable random number generator whose streams are identical on every
// platform and standard library (xoshiro256** by Blackman & Vigna 2018, seeded by SplitMix64).
#pragma once

#include <cstdint>
#include <span>

namespace optiscope {

// Deterministic random numbers. Not thread-safe: give each thread its own Rng (see Fork).
class Rng {
 public:
  explicit Rng(uint64_t seed = 0);

  uint64_t NextU64();
  // Uniform double in [0, 1).
  double Uniform();
  // Uniform double in [low, high).
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // Uniform integer in [0, n). REQUIRES: n > 0.
  uint64_t UniformInt(uint64_t n);
  // Standard normal N(0, 1) (Marsaglia polar method; caches the second value).
  double Normal();
  double Normal(double mean, double stddev) { return mean + stddev * Normal(); }
  // Fisher-Yates shuffle in place.
  void Shuffle(std::span<int> values);
  // An independent generator derived from this one's seed and `stream` (does not advance this).
  Rng Fork(uint64_t stream) const;

 private:
  uint64_t seed_;
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace optiscope
