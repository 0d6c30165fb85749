// Pruner: the strategy that stops unpromising trials early from their intermediate values.
#pragma once

#include <memory>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/status.h"
#include "engine/search/trial.h"

namespace optiscope {

// Decides, after `trial` reported its latest intermediate value (its largest step), whether to
// stop it. `history` is the study's trials (it may contain `trial` itself, matched by number,
// which pruners skip). Deterministic; const; thread-safe for concurrent calls.
class Pruner {
 public:
  virtual ~Pruner() = default;
  virtual bool ShouldPrune(const FrozenTrial& trial, std::span<const FrozenTrial> history,
                           Direction direction) const = 0;
  virtual std::string Name() const = 0;
};

// Names MakePruner accepts: none median percentile successive_halving hyperband.
std::span<const char* const> PrunerNames();

// Builds a pruner from its name and a JSON object of options (see the pruner headers).
// Errors: unknown name, unknown key, wrong type or out-of-range value.
Result<std::unique_ptr<Pruner>> MakePruner(const std::string& name,
                                           const nlohmann::json& options);

// MakePruner for the study `study_name`: "hyperband" without a "study_name" option gets this
// one, so its brackets are keyed by "<study>_<trial>" as Optuna's HyperbandPruner.
Result<std::unique_ptr<Pruner>> MakeStudyPruner(const std::string& name, nlohmann::json options,
                                                const std::string& study_name);

}  // namespace optiscope
