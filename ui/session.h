// The session Optiscope reopens on its next start: the last configuration (its dataset included)
// and mode, kept in the application's QSettings next to the window geometry.
#pragma once

#include <QString>
#include <optional>

#include "engine/config/experiment_config.h"
#include "ui/modes.h"

namespace optiscope::ui {

// What LoadSession found.
struct SavedSession {
  bool saved = false;                      // a session was saved (false on the first start)
  std::optional<ExperimentConfig> config;  // the configuration, when it still reads
  std::optional<Mode> mode;                // the mode, when it is one of this build's
  QString problem;  // what could not be restored, for the log; empty when all of it was
};

// Writes `config` (the JSON Export writes) and `mode` under "session/" of the default QSettings.
// GUI thread (QSettings of the application).
void SaveSession(const ExperimentConfig& config, Mode mode);

// Reads what SaveSession wrote. A configuration that no longer parses is left out (problem says
// why); one whose CSV file is gone keeps its settings on the demo's data (problem names the
// file). Never fails.
SavedSession LoadSession();

}  // namespace optiscope::ui
