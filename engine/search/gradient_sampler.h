// GradientSampler ("gradient" in a study spec): steps log(learning rate) and log(L2 strength)
// between trials along the hypergradient of the validation loss (hypergradient_eval.h), instead
// of sampling. Other parameters stay at their first value (midpoint / first choice).
#pragma once

#include <memory>
#include <string>

#include "engine/search/hypergradient_eval.h"
#include "engine/search/sampler.h"

namespace optiscope {

struct GradientSamplerOptions {
  std::string lr_param;  // the space parameter bound to optimizer.lr ("" = none)
  std::string l2_param;  // the space parameter bound to regularization.l2 ("" = none)
  double step = 0.25;    // first step, as a fraction of each parameter's log range
  double min_step = 0.01;  // exhausted once the step falls below this fraction
};

// Trial 0 starts at the centre of the (log) ranges. Each next trial moves from the best complete
// trial so far by step * range along -g/|g|_2 in log space (g: that trial's hypergradient in
// range units), clipped to the bounds. Every trial that did not improve on the best halves the
// step (backtracking), so the search ends (Exhausted) after a few failures — it needs far fewer
// trainings than a grid. Deterministic (the Rng is unused). Not thread-safe.
class GradientSampler final : public Sampler {
 public:
  GradientSampler(GradientSamplerOptions options, std::shared_ptr<const HypergradientLog> log);
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  bool Exhausted(const SearchSpace& space, std::span<const FrozenTrial> history) const override;
  std::string Name() const override { return "gradient"; }

 private:
  double StepFraction(std::span<const FrozenTrial> history, Direction direction) const;

  GradientSamplerOptions options_;
  std::shared_ptr<const HypergradientLog> log_;
  Direction direction_ = Direction::kMinimize;
};

}  // namespace optiscope
