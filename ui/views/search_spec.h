// The Search mode's study spec: the Search section's settings plus the Experiment configuration
// written as the study spec JSON the CLI reads (docs/study.md), and read back.
#pragma once

#include <string>

#include "engine/config/experiment_config.h"
#include "engine/search/study_spec.h"
#include "ui/setup/search_section.h"

namespace optiscope::ui {

// The spec JSON (pretty-printed) for `settings` over the base experiment `config` (ignored when
// settings.function names a test function).
std::string BuildStudySpecJson(const SearchSettings& settings, const ExperimentConfig& config);

// The section's settings of a parsed spec (storage is not part of a spec: "memory").
SearchSettings SettingsFromSpec(const StudySpec& spec);

}  // namespace optiscope::ui
