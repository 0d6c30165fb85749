#include "app/cli/param_overrides.h"

#include <charconv>

#include "engine/config/model_catalog.h"
#include "engine/search/objective_experiment.h"

namespace optiscope::cli {

Status ApplyParamOverrides(const ParsedArgs& args, ModelConfig* model) {
  for (const auto& [option, text] : args.options) {
    if (option != "--param") continue;
    const size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("option '--param' expects NAME=VALUE (e.g. n_estimators=200), "
                                     "got '" + text + "'");
    }
    const std::string name = text.substr(0, eq), value = text.substr(eq + 1);
    const ModelParamSpec* spec = FindParamSpec(model->type, name);
    if (spec == nullptr) {
      // SetModelParam words the unknown-name error (did-you-mean, known names).
      return Status::InvalidArgument("--param " + SetModelParam(model, name, 0.0).message());
    }
    auto parsed = ParseParamText(*spec, value);
    if (!parsed.ok()) return Status::InvalidArgument("--param " + parsed.status().message());
    Status set = SetModelParam(model, name, *parsed);
    if (!set.ok()) return Status::InvalidArgument("--param " + set.message());
  }
  return Status::Ok();
}

Status ApplySetOverrides(const ParsedArgs& args, ExperimentConfig* config) {
  for (const auto& [option, text] : args.options) {
    if (option != "--set") continue;
    const size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument(
          "option '--set' expects PATH=VALUE (e.g. regularization.l1=1e-4), got '" + text + "'");
    }
    TrialParam param;
    param.name = text.substr(0, eq);
    const std::string value = text.substr(eq + 1);
    const char* end = value.data() + value.size();
    const auto parsed = std::from_chars(value.data(), end, param.value);
    if (value.empty() || parsed.ec != std::errc() || parsed.ptr != end) param.label = value;
    auto updated = ApplyBindings(*config, {param}, {});
    if (!updated.ok()) return Status::InvalidArgument("--set " + updated.status().message());
    *config = std::move(*updated);
  }
  return Status::Ok();
}

}  // namespace optiscope::cli
