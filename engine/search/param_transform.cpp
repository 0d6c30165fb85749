#include "engine/search/param_transform.h"

#include <algorithm>
#include <cmath>

namespace optiscope {

double RandomValue(const ParamSpec& spec, Rng& rng) {
  if (spec.IsCategorical()) return static_cast<double>(rng.UniformInt(spec.NumChoices()));
  if (spec.log) {
    if (spec.kind == ParamKind::kInt) {
      const double v = std::round(
          std::exp(rng.Uniform(std::log(spec.low - 0.5), std::log(spec.high + 0.5))));
      return std::clamp(v, spec.low, spec.high);
    }
    return std::clamp(std::exp(rng.Uniform(std::log(spec.low), std::log(spec.high))), spec.low,
                      spec.high);
  }
  const double s = spec.EffectiveStep();
  if (s > 0) {
    const auto n = static_cast<uint64_t>(std::llround((spec.high - spec.low) / s)) + 1;
    return std::min(spec.low + s * static_cast<double>(rng.UniformInt(n)), spec.high);
  }
  return rng.Uniform(spec.low, spec.high);
}

InternalRange InternalBounds(const ParamSpec& spec) {
  if (spec.IsCategorical()) return {0.0, std::max(1.0, spec.high), 0.0};
  if (spec.log) {
    if (spec.kind == ParamKind::kInt) {
      return {std::log(spec.low - 0.5), std::log(spec.high + 0.5), 0.0};
    }
    return {std::log(spec.low), std::log(spec.high), 0.0};
  }
  const double s = spec.EffectiveStep();
  if (s > 0) return {spec.low - 0.5 * s, spec.high + 0.5 * s, s};
  return {spec.low, spec.high, 0.0};
}

double ToInternal(const ParamSpec& spec, double value) {
  return (spec.log && !spec.IsCategorical()) ? std::log(value) : value;
}

double FromInternal(const ParamSpec& spec, double x) {
  if (spec.IsCategorical()) return spec.Snap(x);
  if (spec.log) {
    const double v = std::exp(x);
    return spec.kind == ParamKind::kInt ? spec.Snap(std::round(v)) : std::clamp(v, spec.low, spec.high);
  }
  return spec.Snap(x);
}

double ToUnit(const ParamSpec& spec, double value) {
  if (spec.IsCategorical()) {
    return spec.NumChoices() > 1 ? value / (spec.NumChoices() - 1) : 0.5;
  }
  const InternalRange r = InternalBounds(spec);
  return std::clamp((ToInternal(spec, value) - r.low) / (r.high - r.low), 0.0, 1.0);
}

double FromUnit(const ParamSpec& spec, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  if (spec.IsCategorical()) return spec.Snap(unit * (spec.NumChoices() - 1));
  const InternalRange r = InternalBounds(spec);
  return FromInternal(spec, r.low + unit * (r.high - r.low));
}

std::vector<const FrozenTrial*> TrialsInSpace(const SearchSpace& space,
                                              std::span<const FrozenTrial> history) {
  std::vector<const FrozenTrial*> out;
  out.reserve(history.size());
  for (const FrozenTrial& t : history) {
    if (space.Contains(t.params)) out.push_back(&t);
  }
  return out;
}

ParamSet RandomParams(const SearchSpace& space, Rng& rng) {
  ParamSet out;
  for (int i = 0; i < space.size(); ++i) {
    if (space.IsActive(i, out)) out[space.params()[i].name] = RandomValue(space.params()[i], rng);
  }
  return out;
}

}  // namespace optiscope
