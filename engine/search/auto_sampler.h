// AutoSampler: the default sampler. GP-BO while the history is small, TPE beyond and for
// conditional spaces, MOTPE with several objectives.
#pragma once

#include <string_view>

#include "engine/search/gp_sampler.h"
#include "engine/search/sampler.h"
#include "engine/search/tpe_sampler.h"

namespace optiscope {

struct AutoOptions {
  // GP while fewer than this many trials (complete + pruned) are in the history: the GP costs
  // O(n^3) per proposal, TPE O(n); past this point TPE keeps a proposal well under 5 ms.
  int gp_max_trials = 200;
  // GP only when the space has at most this many parameters (the GP's candidate set is a Sobol
  // design, whose quality fades in many dimensions).
  int gp_max_dims = 16;
  bool tpe_multivariate = false;  // the TPE stage's multivariate option (see TpeOptions)
  // Leave GP for TPE for good once a GP fitted on at least rugged_min_trials trials puts more
  // than this share of the (standardised) values' variance in its noise term: the values then
  // vary faster than the GP can follow (Rastrigin-4's ripples: 0.09-0.24 after 20 to 60 GP
  // trials; Ackley-5 0.001-0.14, where GP still wins; below 0.03 on Branin, Hartmann-6,
  // Styblinski-Tang-5, Rosenbrock-4 and the mixed space). 0 turns the switch off.
  double rugged_noise = 0.1;
  int rugged_min_trials = 25;
};

// What AutoSampler does for one proposal.
enum class AutoPlan {
  kGp,     // GP-BO (the space has no conditions)
  kTpe,    // TPE
  kMotpe,  // several objectives: multi-objective TPE
};
std::string_view AutoPlanName(AutoPlan plan);

// Chooses by the space and the history size, then delegates:
// - several objectives: MOTPE (TpeSampler::SampleMulti; Ozaki et al. 2020/2022).
// - fewer than gp_max_trials trials, 1..gp_max_dims parameters and no condition: GP-BO
//   (GpSampler: Matérn-5/2 GP with log EI, Snoek, Larochelle & Adams 2012, "Practical Bayesian
//   Optimization of Machine Learning Algorithms", NeurIPS; Rasmussen & Williams 2006; Ament et
//   al. 2023). Measured (bench/auto_sampler.sh, bench/search_samplers.sh): ahead of TPE, ours
//   and Optuna's, on Branin, Hartmann-6, Rosenbrock-4 and the mixed space at 100 trials;
//   behind Optuna's TPE on Styblinski-Tang-5 (bench/BENCHMARKS.md).
// - a GP whose fit explains the values mostly as noise (AutoOptions::rugged_noise): TPE from
//   then on (Rastrigin-4: GP median 17.1 vs TPE 12.7 after 100 trials, bench/auto_sampler.sh).
// - otherwise TPE (Bergstra, Bardenet, Bengio & Kegl 2011, "Algorithms for Hyper-Parameter
//   Optimization", NeurIPS), which models conditional parameters from the trials where they
//   were active (the GP would draw them at random: measured worse on the conditional
//   benchmark); multivariate when tpe_multivariate (a joint kernel density over the
//   unconditional parameters, as BOHB: Falkner, Klein & Hutter 2018, "BOHB: Robust and
//   Efficient Hyperparameter Optimization at Scale", ICML).
// The history is passed on unchanged (running trials reach TPE and GP as they treat them).
// Deterministic for a given space, history and Rng state sequence (the GP keeps its last fit's
// hyperparameters as a warm start, as GpSampler does). Not thread-safe (Sampler contract).
class AutoSampler : public Sampler {
 public:
  explicit AutoSampler(const AutoOptions& options = {});
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  ParamSet SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                       std::span<const Direction> directions, Rng& rng) override;
  bool ModelsAllObjectives() const override { return true; }
  std::string Name() const override { return "auto"; }

  // The plan for `space` with `n_trials` complete + pruned trials in the history and
  // `n_objectives` objectives. Pure: Sample follows it.
  AutoPlan Plan(const SearchSpace& space, int n_trials, int n_objectives) const;
  // True once a GP fit looked rugged (see AutoOptions::rugged_noise): the plan is TPE from then.
  bool left_gp() const { return left_gp_; }
  // The plan the last Sample/SampleMulti followed (kGp before the first call).
  AutoPlan last_plan() const { return last_plan_; }

 private:
  AutoOptions options_;
  GpSampler gp_;
  TpeSampler tpe_;  // multivariate per options
  AutoPlan last_plan_ = AutoPlan::kGp;
  bool left_gp_ = false;
};

}  // namespace optiscope
