// Nsga2Sampler: the NSGA-II genetic algorithm for single- and multi-objective studies.
#pragma once

#include <string>

#include "engine/search/sampler.h"

namespace optiscope {

// Defaults are Optuna 3.1's NSGAIISampler defaults (SBX eta: 20 with several objectives, 2
// with one, as Optuna's SBXCrossover).
struct Nsga2Options {
  int population_size = 50;
  double crossover_prob = 0.9;   // else the child copies one parent
  double swapping_prob = 0.5;    // uniform crossover: chance to take the second parent's gene
  double mutation_prob = -1.0;   // per parameter; < 0: 1 / number of parameters
  std::string crossover = "uniform";  // "uniform" | "sbx"
  double sbx_eta = -1.0;         // SBX distribution index; < 0: 20 (multi-objective) or 2
};

// NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002, "A Fast and Elitist Multiobjective Genetic
// Algorithm: NSGA-II", IEEE TEC 6(2)). Stateless: the generations are rebuilt from the history
// on each call. The complete trials in the space, in trial order, form generations of
// population_size (generation 0 is uniform random); each full generation joins the previous
// parent population and the best population_size of the union (by non-domination rank, then
// crowding distance within the last rank that fits) become the parents. A child takes two
// parents by binary tournament (lower rank wins, then larger crowding distance, then a coin),
// crosses them with crossover_prob (uniform: per parameter; SBX on numeric parameters in the
// unit cube of param_transform.h, uniform on categoricals) and re-samples each parameter
// uniformly with mutation_prob. Parameters a parent lacks (conditional) are drawn at random.
class Nsga2Sampler : public Sampler {
 public:
  explicit Nsga2Sampler(const Nsga2Options& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  ParamSet SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                       std::span<const Direction> directions, Rng& rng) override;
  bool ModelsAllObjectives() const override { return true; }
  std::string Name() const override { return "nsga2"; }

 private:
  Nsga2Options options_;
};

}  // namespace optiscope
