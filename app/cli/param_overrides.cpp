#include "app/cli/param_overrides.h"

#include <charconv>

#include "engine/config/config_json.h"
#include "engine/config/config_schema.h"
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
    const std::string path = text.substr(0, eq), value = text.substr(eq + 1);
    const bool study_path = path.rfind("model.params.", 0) == 0 ||
                            path.find('[') != std::string::npos ||
                            (path.size() > 5 && path.compare(path.size() - 5, 5, ".size") == 0);
    if (FindConfigField(path) != nullptr || !study_path) {
      // A field of the schema: its kind decides how the text reads (arrays, words, numbers).
      ExperimentConfig updated = *config;
      Status set = SetConfigFieldText(&updated, path, value);
      if (set.ok()) set = ValidateExperimentConfig(updated);
      if (!set.ok()) return Status::InvalidArgument("--set " + set.message());
      *config = std::move(updated);
      continue;
    }
    // model.params.NAME, model.hidden[K], model.hidden.size: the study space's paths.
    TrialParam param;
    param.name = path;
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
