// AutoSampler: the default sampler. GP-BO while the history is small, TPE beyond and for
// conditional spaces, MOTPE with several objectives.
#pragma once

#include <set>
#include <string_view>

#include "engine/search/gp_sampler.h"
#include "engine/search/sampler.h"
#include "engine/search/tpe_sampler.h"
#include "engine/search/trust_region.h"

namespace optiscope {

struct AutoOptions {
  // GP while fewer than this many trials (complete + pruned) are in the history: the GP costs
  // O(n^3) per proposal, TPE O(n); past this point TPE keeps a proposal well under 5 ms.
  int gp_max_trials = 200;
  // GP only when the space has at most this many parameters (the GP's candidate set is a Sobol
  // design, whose quality fades in many dimensions).
  int gp_max_dims = 16;
  bool tpe_multivariate = false;  // the TPE stage's multivariate option (see TpeOptions)
  // Leave GP for TPE and trust-region proposals (local_share) for good once a GP fitted on at
  // least rugged_min_trials trials puts more than this share of the (standardised) values'
  // variance in its noise term: the values then vary faster than the GP can follow (Rastrigin-4's
  // ripples: 0.09-0.24 after 20 to 60 GP trials; Ackley-5 0.001-0.14; below 0.03 on Branin,
  // Hartmann-6, Styblinski-Tang-5, Rosenbrock-4 and the mixed space). 0 turns the switch off.
  double rugged_noise = 0.1;
  // 15: with the trust region after the switch, an earlier switch leaves more trials to it
  // (Rastrigin-4, 100 seeds: median 9.95 vs 10.5 with 25; the other benchmarks unchanged except
  // Ackley-5, better: 5.13 vs 6.20 over 20 seeds).
  int rugged_min_trials = 15;
  // Once rugged, this share of the proposals is local GP-BO in a trust region around the best
  // trial (TrustRegionSampler), the rest TPE's (global). 0 = TPE only.
  double local_share = 0.5;
  // The local proposals' region: TuRBO's rule with a first side of 0.05 (TuRBO: 0.8) and a GP
  // fitted on at least 5 and at most 40 trials near the best one. Rastrigin-4 after 100 trials,
  // median of 100 seeds (local_gp as GP-BO's): first side 0.05 -> 9.95, 0.1 -> 10.2, 0.8 -> 13.7
  // (local_share 0, TPE alone: 13.5):
  // a rugged function is smooth only near its best point, and a large first box spends the
  // local proposals on its rim while the side halves.
  TrustRegionOptions trust_region{.length_init = 0.05, .min_fit_trials = 5, .max_fit_trials = 40};
  // The local GP's search: fewer restarts and candidates than GP-BO's (the box is small): a
  // proposal costs 2.4 ms CPU on average at 1,000 trials of Rastrigin-4 instead of 6.6, and the
  // 100-seed median is 9.84 instead of 9.95.
  GpOptions local_gp{.n_restarts = 1, .n_candidates = 512, .n_incumbent_candidates = 64};
  // false: TPE's history leaves out the local proposals' trials, which would crowd its "good"
  // density onto the trust region and cost it its global reach (Rastrigin-4, 100 seeds: 9.95;
  // true: 12.9).
  bool tpe_sees_local = false;
};

// What AutoSampler does for one proposal.
enum class AutoPlan {
  kGp,     // GP-BO (the space has no conditions)
  kTpe,    // TPE
  kMotpe,  // several objectives: multi-objective TPE
  kTrustRegion,  // after a rugged GP fit: local GP-BO around the best trial
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
// - a GP whose fit explains the values mostly as noise (AutoOptions::rugged_noise): from then on
//   TPE (global) alternating with local GP-BO in a trust region around the best trial
//   (TrustRegionSampler, TuRBO-1: Eriksson et al. 2019), AutoOptions::local_share of the
//   proposals, evenly spread, the first one TPE's. Rastrigin-4 after 100 trials
//   (bench/auto_sampler.sh, 20 seeds): GP alone 17.1, TPE alone 12.7, TPE + trust region 9.45.
// - otherwise TPE (Bergstra, Bardenet, Bengio & Kegl 2011, "Algorithms for Hyper-Parameter
//   Optimization", NeurIPS), which models conditional parameters from the trials where they
//   were active (the GP would draw them at random: measured worse on the conditional
//   benchmark); multivariate when tpe_multivariate (a joint kernel density over the
//   unconditional parameters, as BOHB: Falkner, Klein & Hutter 2018, "BOHB: Robust and
//   Efficient Hyperparameter Optimization at Scale", ICML).
// The history is passed on unchanged (running trials reach TPE and GP as they treat them), except
// that TPE does not see the trust region's trials unless AutoOptions::tpe_sees_local.
// Deterministic for a given space, history and Rng state sequence (the GP keeps its last fit's
// hyperparameters as a warm start, as GpSampler does; the trust region keeps its side, and auto
// the local proposals it made). Not thread-safe (Sampler contract).
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
  // True once a GP fit looked rugged (see AutoOptions::rugged_noise): the plan is TPE or the
  // trust region from then.
  bool left_gp() const { return left_gp_; }
  // The plan the last Sample/SampleMulti followed (kGp before the first call).
  AutoPlan last_plan() const { return last_plan_; }
  // The sampler of the local proposals (its trust region and last box).
  const TrustRegionSampler& local() const { return local_; }

 private:
  AutoOptions options_;
  GpSampler gp_;
  TpeSampler tpe_;  // multivariate per options
  TrustRegionSampler local_;
  AutoPlan last_plan_ = AutoPlan::kGp;
  bool left_gp_ = false;
  int since_left_gp_ = 0;  // proposals since left_gp_ was set
  std::set<ParamSet> local_params_;  // the local proposals so far
};

}  // namespace optiscope
