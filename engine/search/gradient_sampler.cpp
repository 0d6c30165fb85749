#include "engine/search/gradient_sampler.h"

#include <algorithm>
#include <cmath>

namespace optiscope {
namespace {

double RangeFraction(const ParamSpec& p, double v) {
  if (p.log) return (std::log(v) - std::log(p.low)) / (std::log(p.high) - std::log(p.low));
  return (v - p.low) / (p.high - p.low);
}

double RangeValue(const ParamSpec& p, double u) {
  u = std::clamp(u, 0.0, 1.0);
  if (p.log) return std::exp(std::log(p.low) + u * (std::log(p.high) - std::log(p.low)));
  return p.low + u * (p.high - p.low);
}

// d/d(unit coordinate) from d/dlog(value): unit = log-range fraction, so multiply by the log range.
double UnitGradient(const ParamSpec& p, double d_log, double value) {
  if (p.log) return d_log * (std::log(p.high) - std::log(p.low));
  return d_log / std::max(value, 1e-300) * (p.high - p.low);
}

}  // namespace

GradientSampler::GradientSampler(GradientSamplerOptions options,
                                 std::shared_ptr<const HypergradientLog> log)
    : options_(std::move(options)), log_(std::move(log)) {}

double GradientSampler::StepFraction(std::span<const FrozenTrial> history,
                                     Direction direction) const {
  double step = options_.step;
  bool have_best = false;
  double best = 0.0;
  for (const FrozenTrial& t : history) {
    if (!t.IsComplete()) continue;
    if (!have_best || IsBetter(t.values[0], best, direction)) {
      best = t.values[0];
      have_best = true;
    } else {
      step *= 0.5;
    }
  }
  return step;
}

ParamSet GradientSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                                 Direction direction, Rng& rng) {
  (void)rng;
  direction_ = direction;
  // The starting point: centres, first choices.
  ParamSet point;
  for (int i = 0; i < space.size(); ++i) {
    const ParamSpec& p = space.params()[i];
    if (!space.IsActive(i, point)) continue;
    point[p.name] = p.IsCategorical() ? 0.0 : p.Snap(RangeValue(p, 0.5));
  }
  const FrozenTrial* best = nullptr;
  for (const FrozenTrial& t : history) {
    if (t.IsComplete() && log_->Get(t.number) &&
        (best == nullptr || IsBetter(t.values[0], best->values[0], direction))) {
      best = &t;
    }
  }
  if (best == nullptr) return point;
  const Hypergradient g = *log_->Get(best->number);
  point = best->params;
  struct Axis {
    const ParamSpec* spec;
    double unit;
    double grad;
  };
  std::vector<Axis> axes;
  for (const auto& [name, d_log] : {std::pair{options_.lr_param, g.d_log_lr},
                                    std::pair{options_.l2_param, g.d_log_l2}}) {
    const int i = name.empty() ? -1 : space.Find(name);
    if (i < 0 || point.count(name) == 0) continue;
    const ParamSpec& p = space.params()[i];
    axes.push_back({&p, RangeFraction(p, point[name]), UnitGradient(p, d_log, point[name])});
  }
  double norm = 0;
  for (const Axis& a : axes) norm += a.grad * a.grad;
  norm = std::sqrt(norm);
  if (norm == 0) return point;
  // Minimise the validation loss: the hypergradient is of the loss, whatever the direction.
  const double step = StepFraction(history, direction);
  for (const Axis& a : axes) {
    point[a.spec->name] = a.spec->Snap(RangeValue(*a.spec, a.unit - step * a.grad / norm));
  }
  return point;
}

bool GradientSampler::Exhausted(const SearchSpace& space,
                                std::span<const FrozenTrial> history) const {
  (void)space;
  return StepFraction(history, direction_) < options_.min_step;
}

}  // namespace optiscope
