// MakePruner: pruner names and JSON options -> a Pruner.
#include <array>

#include "engine/search/hyperband_pruner.h"
#include "engine/search/options_reader.h"
#include "engine/search/percentile_pruner.h"
#include "engine/search/pruner.h"
#include "engine/search/successive_halving_pruner.h"

namespace optiscope {
namespace {
constexpr std::array<const char*, 5> kPrunerNames = {"none", "median", "percentile",
                                               "successive_halving", "hyperband"};
}

std::span<const char* const> PrunerNames() { return kPrunerNames; }

Result<std::unique_ptr<Pruner>> MakePruner(const std::string& name,
                                           const nlohmann::json& options) {
  OptionsReader r(options, "pruner '" + name + "'");
  std::unique_ptr<Pruner> out;
  if (name == "none") {
    out = std::make_unique<NopPruner>();
  } else if (name == "median" || name == "percentile") {
    PercentileOptions o;
    if (name == "percentile") {
      o.percentile = 25.0;
      OPTISCOPE_RETURN_IF_ERROR(r.Read("percentile", &o.percentile, 0.0, 100.0));
    }
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_startup_trials", &o.n_startup_trials, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_warmup_steps", &o.n_warmup_steps, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("interval_steps", &o.interval_steps, 1));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("n_min_trials", &o.n_min_trials, 1));
    out = std::make_unique<PercentilePruner>(o, name);
  } else if (name == "successive_halving") {
    SuccessiveHalvingOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("min_resource", &o.min_resource, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("reduction_factor", &o.reduction_factor, 2));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("min_early_stopping_rate", &o.min_early_stopping_rate, 0, 30));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("bootstrap_count", &o.bootstrap_count, 0));
    out = std::make_unique<SuccessiveHalvingPruner>(o);
  } else if (name == "hyperband") {
    HyperbandOptions o;
    OPTISCOPE_RETURN_IF_ERROR(r.Read("min_resource", &o.min_resource, 1));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("max_resource", &o.max_resource, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("reduction_factor", &o.reduction_factor, 2));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("bootstrap_count", &o.bootstrap_count, 0));
    OPTISCOPE_RETURN_IF_ERROR(r.Read("study_name", &o.study_name));
    if (o.max_resource > 0 && o.max_resource < o.min_resource) {
      return Status::InvalidArgument("pruner 'hyperband': max_resource must be >= min_resource");
    }
    out = std::make_unique<HyperbandPruner>(o);
  } else {
    return Status::InvalidArgument("unknown pruner '" + name +
                                   "' (known: none, median, percentile, successive_halving, "
                                   "hyperband)");
  }
  OPTISCOPE_RETURN_IF_ERROR(r.Finish());
  return out;
}

Result<std::unique_ptr<Pruner>> MakeStudyPruner(const std::string& name, nlohmann::json options,
                                                const std::string& study_name) {
  if (name == "hyperband" && (options.is_null() || options.is_object()) &&
      !options.contains("study_name")) {
    options["study_name"] = study_name;
  }
  return MakePruner(name, options);
}

}  // namespace optiscope
