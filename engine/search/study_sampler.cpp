#include "engine/search/study_sampler.h"

#include <nlohmann/json.hpp>

namespace optiscope {

Result<std::unique_ptr<Sampler>> MakeStudySampler(
    const std::string& name, const std::string& options_json,
    std::shared_ptr<const HypergradientLog> log, const GradientSamplerOptions& gradient_defaults) {
  nlohmann::json options = nlohmann::json::parse(options_json, nullptr, false);
  if (options.is_discarded() || !options.is_object()) {
    return Status::InvalidArgument("sampler options: expected a JSON object");
  }
  options.erase("type");
  options.erase("seed");
  if (name == "gradient") {
    GradientSamplerOptions g = gradient_defaults;
    for (const auto& [key, value] : options.items()) {
      if ((key == "lr_param" || key == "l2_param") && value.is_string()) {
        (key == "lr_param" ? g.lr_param : g.l2_param) = value.get<std::string>();
      } else if ((key == "step" || key == "min_step") && value.is_number() &&
                 value.get<double>() > 0 && value.get<double>() <= 1) {
        (key == "step" ? g.step : g.min_step) = value.get<double>();
      } else {
        return Status::InvalidArgument("sampler gradient: bad or unknown option '" + key +
                                       "' (lr_param, l2_param: names; step, min_step in (0, 1])");
      }
    }
    if (log == nullptr) log = std::make_shared<HypergradientLog>();
    return std::unique_ptr<Sampler>(std::make_unique<GradientSampler>(g, std::move(log)));
  }
  auto sampler = MakeSampler(name, options);
  if (!sampler.ok()) return Status::InvalidArgument("sampler: " + sampler.status().message());
  return sampler;
}

}  // namespace optiscope
