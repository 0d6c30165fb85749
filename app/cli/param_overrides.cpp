#include "app/cli/param_overrides.h"

#include "engine/models/model_catalog.h"

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

}  // namespace optiscope::cli
