#include "engine/search/nsga2_sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/search/multi_objective.h"
#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

struct Member {
  const FrozenTrial* trial;
  std::vector<double> loss;
  int rank = 0;
  double crowding = 0.0;
};

// Ranks `pop` and fills each member's crowding distance within its front.
void RankAndCrowd(std::vector<Member>& pop) {
  std::vector<std::vector<double>> losses;
  for (const Member& m : pop) losses.push_back(m.loss);
  const std::vector<int> ranks = mo::NonDominationRanks(losses);
  const int max_rank = pop.empty() ? -1 : *std::max_element(ranks.begin(), ranks.end());
  for (int r = 0; r <= max_rank; ++r) {
    std::vector<int> idx;
    std::vector<std::vector<double>> front;
    for (size_t i = 0; i < pop.size(); ++i) {
      if (ranks[i] == r) {
        idx.push_back(static_cast<int>(i));
        front.push_back(pop[i].loss);
      }
    }
    const std::vector<double> cd = mo::CrowdingDistance(front);
    for (size_t k = 0; k < idx.size(); ++k) {
      pop[idx[k]].rank = r;
      pop[idx[k]].crowding = cd[k];
    }
  }
}

// The best `size` of `pop`: whole fronts while they fit, then the largest crowding distances.
std::vector<Member> SelectElite(std::vector<Member> pop, int size) {
  RankAndCrowd(pop);
  std::vector<int> order(pop.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (pop[a].rank != pop[b].rank) return pop[a].rank < pop[b].rank;
    return pop[a].crowding > pop[b].crowding;
  });
  std::vector<Member> out;
  for (int i = 0; i < size && i < static_cast<int>(order.size()); ++i) out.push_back(pop[order[i]]);
  return out;
}

// Binary tournament with Deb's crowded comparison; `exclude` (an index or -1) cannot win.
int Tournament(const std::vector<Member>& pop, int exclude, Rng& rng) {
  const int n = static_cast<int>(pop.size());
  auto pick = [&] {
    if (n == 1) return 0;
    int i = static_cast<int>(rng.UniformInt(n - (exclude >= 0 ? 1 : 0)));
    if (exclude >= 0 && i >= exclude) ++i;
    return i;
  };
  const int a = pick(), b = pick();
  if (pop[a].rank != pop[b].rank) return pop[a].rank < pop[b].rank ? a : b;
  if (pop[a].crowding != pop[b].crowding) return pop[a].crowding > pop[b].crowding ? a : b;
  return rng.Uniform() < 0.5 ? a : b;
}

// One SBX gene in [0, 1] (Deb & Agrawal 1995, with Optuna's bounded form: one child).
double SbxGene(double x1, double x2, double eta, Rng& rng) {
  const double lo = std::min(x1, x2), hi = std::max(x1, x2);
  const double diff = std::max(hi - lo, 1e-10);
  const double beta1 = 1 + 2 * (lo - 0.0) / diff, beta2 = 1 + 2 * (1.0 - hi) / diff;
  const double alpha1 = 2 - std::pow(beta1, -(eta + 1)), alpha2 = 2 - std::pow(beta2, -(eta + 1));
  const double u = rng.Uniform();
  auto betaq = [&](double alpha) {
    return u > 1 / alpha ? std::pow(1 / (2 - u * alpha), 1 / (eta + 1))
                         : std::pow(u * alpha, 1 / (eta + 1));
  };
  const double c1 = 0.5 * ((lo + hi) - betaq(alpha1) * diff);
  const double c2 = 0.5 * ((lo + hi) + betaq(alpha2) * diff);
  double child;
  if (rng.Uniform() < 0.5) {
    child = rng.Uniform() < 0.5 ? c1 : c2;
  } else {
    child = rng.Uniform() < 0.5 ? x1 : x2;
  }
  return std::clamp(child, 0.0, 1.0);
}

}  // namespace

ParamSet Nsga2Sampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                              Direction direction, Rng& rng) {
  const Direction d[1] = {direction};
  return SampleMulti(space, history, d, rng);
}

ParamSet Nsga2Sampler::SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                                   std::span<const Direction> directions, Rng& rng) {
  const int p_size = std::max(2, options_.population_size);
  std::vector<const FrozenTrial*> complete;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->state == TrialState::kComplete && t->values.size() == directions.size()) {
      bool finite = true;
      for (double v : t->values) finite = finite && std::isfinite(v);
      if (finite) complete.push_back(t);
    }
  }
  std::stable_sort(complete.begin(), complete.end(),
                   [](const FrozenTrial* a, const FrozenTrial* b) { return a->number < b->number; });
  const int full_generations = static_cast<int>(complete.size()) / p_size;
  if (full_generations == 0) return RandomParams(space, rng);
  std::vector<Member> parents;
  for (int g = 0; g < full_generations; ++g) {
    std::vector<Member> pool = parents;
    for (int i = g * p_size; i < (g + 1) * p_size; ++i) {
      pool.push_back({complete[i], mo::Losses(complete[i]->values, directions)});
    }
    parents = SelectElite(std::move(pool), p_size);
  }
  RankAndCrowd(parents);

  // The child's genes, parameter by parameter (absent: drawn at random below).
  ParamSet genes;
  if (rng.Uniform() < options_.crossover_prob && parents.size() >= 2) {
    const int a = Tournament(parents, -1, rng);
    const int b = Tournament(parents, a, rng);
    const ParamSet& pa = parents[a].trial->params;
    const ParamSet& pb = parents[b].trial->params;
    const double eta = options_.sbx_eta >= 0 ? options_.sbx_eta : (directions.size() > 1 ? 20.0 : 2.0);
    for (const ParamSpec& spec : space.params()) {
      const auto ia = pa.find(spec.name), ib = pb.find(spec.name);
      if (ia == pa.end() || ib == pb.end()) {
        if (ia != pa.end()) genes[spec.name] = ia->second;
        if (ib != pb.end()) genes[spec.name] = ib->second;
        continue;
      }
      if (options_.crossover == "sbx" && !spec.IsCategorical()) {
        const double u = SbxGene(ToUnit(spec, ia->second), ToUnit(spec, ib->second), eta, rng);
        genes[spec.name] = FromUnit(spec, u);
      } else {
        genes[spec.name] = rng.Uniform() < options_.swapping_prob ? ib->second : ia->second;
      }
    }
  } else {
    genes = parents[rng.UniformInt(parents.size())].trial->params;
  }

  const double mutation =
      options_.mutation_prob >= 0 ? options_.mutation_prob : 1.0 / std::max(1, space.size());
  ParamSet out;
  for (int i = 0; i < space.size(); ++i) {
    if (!space.IsActive(i, out)) continue;
    const ParamSpec& spec = space.params()[i];
    const auto it = genes.find(spec.name);
    const bool mutate = rng.Uniform() < mutation;
    if (!mutate && it != genes.end() && spec.Contains(it->second)) {
      out[spec.name] = spec.Snap(it->second);
    } else {
      out[spec.name] = RandomValue(spec, rng);
    }
  }
  return out;
}

}  // namespace optiscope
