// MakeSampler: sampler names and JSON options -> a Sampler.
#include <array>

#include "engine/search/auto_sampler.h"
#include "engine/search/cmaes_sampler.h"
#include "engine/search/gp_sampler.h"
#include "engine/search/grid_sampler.h"
#include "engine/search/nsga2_sampler.h"
#include "engine/search/options_reader.h"
#include "engine/search/random_sampler.h"
#include "engine/search/sampler.h"
#include "engine/search/sobol_sampler.h"
#include "engine/search/tpe_sampler.h"

namespace optiscope {
namespace {
constexpr std::array<const char*, 8> kSamplerNames = {"grid", "random", "sobol", "tpe",
                                               "gp",   "cmaes",  "nsga2", "auto"};
}

std::span<const char* const> SamplerNames() { return kSamplerNames; }

Result<std::unique_ptr<Sampler>> MakeSampler(const std::string& name,
                                             const nlohmann::json& options) {
  OptionsReader r(options, "sampler '" + name + "'");
  std::unique_ptr<Sampler> out;
  if (name == "random") {
    out = std::make_unique<RandomSampler>();
  } else if (name == "grid") {
    GridOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("resolution", &o.resolution, 1, 1000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("shuffle", &o.shuffle));
    out = std::make_unique<GridSampler>(o);
  } else if (name == "sobol") {
    SobolOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("scramble", &o.scramble));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("seed", &o.seed));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("skip_first", &o.skip_first));
    out = std::make_unique<SobolSampler>(o);
  } else if (name == "tpe") {
    TpeOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_startup_trials", &o.n_startup_trials, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_ei_candidates", &o.n_ei_candidates, 1, 100000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("consider_prior", &o.consider_prior));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("prior_weight", &o.prior_weight, 1e-12, 1e12));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("consider_magic_clip", &o.consider_magic_clip));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("consider_endpoints", &o.consider_endpoints));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("multivariate", &o.multivariate));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("gamma_fraction", &o.gamma_fraction, 1e-6, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("gamma_max", &o.gamma_max, 1));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("normalized_density", &o.normalized_density));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("mo_hv_weights", &o.mo_hv_weights));
    out = std::make_unique<TpeSampler>(o);
  } else if (name == "gp") {
    GpOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_startup_trials", &o.n_startup_trials, 1));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_restarts", &o.n_restarts, 0, 100));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_candidates", &o.n_candidates, 1, 1000000));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("n_incumbent_candidates", &o.n_incumbent_candidates, 0, 1000000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_local_search", &o.n_local_search, 0, 1000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("max_history", &o.max_history, 10, 100000));
    out = std::make_unique<GpSampler>(o);
  } else if (name == "cmaes") {
    CmaEsOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_startup_trials", &o.n_startup_trials, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("sigma0", &o.sigma0, 1e-6, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("population_size", &o.population_size, 0, 100000));
    out = std::make_unique<CmaEsSampler>(o);
  } else if (name == "nsga2") {
    Nsga2Options o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("population_size", &o.population_size, 2, 100000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("crossover_prob", &o.crossover_prob, 0.0, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("swapping_prob", &o.swapping_prob, 0.0, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("mutation_prob", &o.mutation_prob, -1.0, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("sbx_eta", &o.sbx_eta, -1.0, 1000.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("crossover", &o.crossover));
    if (o.crossover != "uniform" && o.crossover != "sbx") {
      return Status::InvalidArgument("sampler 'nsga2': crossover must be \"uniform\" or \"sbx\", got \"" +
                                     o.crossover + "\"");
    }
    out = std::make_unique<Nsga2Sampler>(o);
  } else if (name == "auto") {
    AutoOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("gp_max_trials", &o.gp_max_trials, 0, 100000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("gp_max_dims", &o.gp_max_dims, 0, 1000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("rugged_noise", &o.rugged_noise, 0.0, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("rugged_min_trials", &o.rugged_min_trials, 1, 100000));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("tpe_multivariate", &o.tpe_multivariate));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("local_share", &o.local_share, 0.0, 1.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("tpe_sees_local", &o.tpe_sees_local));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("local_length_init", &o.trust_region.length_init, 1e-3, 2.0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("local_n_restarts", &o.local_gp.n_restarts, 0, 100));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("local_n_candidates", &o.local_gp.n_candidates, 1, 1000000));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("local_n_incumbent_candidates", &o.local_gp.n_incumbent_candidates, 0, 1000000));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("local_length_min", &o.trust_region.length_min, 0.0, 2.0));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("local_min_fit_trials", &o.trust_region.min_fit_trials, 1, 100000));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("local_max_fit_trials", &o.trust_region.max_fit_trials, 1, 100000));
    OPTISCOPE_RETURN_IF_ERROR(
        r.Read("local_failure_tolerance", &o.trust_region.failure_tolerance, 0, 100000));
    out = std::make_unique<AutoSampler>(o);
  } else {
    return Status::InvalidArgument("unknown sampler '" + name +
                                   "' (known: grid, random, sobol, tpe, gp, cmaes, nsga2, auto)");
  }
  OPTISCOPE_RETURN_IF_ERROR(r.Finish());
  return out;
}

}  // namespace optiscope
