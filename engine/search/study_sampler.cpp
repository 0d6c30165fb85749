#include "engine/search/study_sampler.h"

#include <nlohmann/json.hpp>

namespace optiscope {

Result<std::unique_ptr<Sampler>> MakeStudySampler(const std::string& name,
                                                  const std::string& options_json) {
  nlohmann::json options = nlohmann::json::parse(options_json, nullptr, false);
  if (options.is_discarded() || !options.is_object()) {
    return Status::InvalidArgument("sampler options: expected a JSON object");
  }
  options.erase("type");
  options.erase("seed");
  auto sampler = MakeSampler(name, options);
  if (!sampler.ok()) return Status::InvalidArgument("sampler: " + sampler.status().message());
  return sampler;
}

std::vector<std::string> StudySamplerNames() {
  std::vector<std::string> names;
  for (const char* n : SamplerNames()) names.push_back(n);
  return names;
}

}  // namespace optiscope
