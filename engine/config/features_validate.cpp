// ValidateFeaturesConfig: the data-independent checks of the features block, all of them the
// field schema's (config_schema.h): names and ranges.
#include "engine/config/config_schema.h"
#include "engine/config/features_config.h"

namespace optiscope {

Status ValidateFeaturesConfig(const FeaturesConfig& features) {
  ExperimentConfig config;
  config.features = features;
  return ValidateConfigFields(config, "features.");
}

}  // namespace optiscope
