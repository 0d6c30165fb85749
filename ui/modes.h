// The window's modes (toolbar selector). A mode decides what Run does and which view it shows;
// later capabilities (race, search, compress) add an entry here and a view in ui/views/.
#pragma once

#include <QString>
#include <vector>

namespace optiscope::ui {

enum class Mode { kTrain };

struct ModeInfo {
  Mode mode;
  QString label;    // shown in the selector
  QString tooltip;  // what Run does in this mode
};

// The modes that work in this build, in selector order.
std::vector<ModeInfo> AvailableModes();

}  // namespace optiscope::ui
