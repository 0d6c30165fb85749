// The window's modes. Each mode is one ModeView (ui/views/mode_view.h) shown as one tab of the
// window's view tabs; the tab shown is the mode, and Run runs it. To add a mode: an enum value, an
// AvailableModes entry, and its view created in MainWindow::AddModeViews.
#pragma once

#include <QString>
#include <vector>

namespace optiscope::ui {

enum class Mode {
  kTrain,  // ui/views/training_view.h
  kRace,  // ui/views/race_view.h
  kSearch,  // issue 4: hyperparameter studies (ui/views/search_view.h)
  kCompress,
  kProject,  // issue 5: PCA / Kernel PCA projections (ui/views/projection_view.h)
  kSelect,   // issue 5: ranked feature-selection scores (ui/views/feature_scores_view.h)
};

struct ModeInfo {
  Mode mode;
  QString label;    // the view's tab title
  QString tooltip;  // what Run does in this mode (the tab's and the Run action's tooltip)
};

// The modes that work in this build, in tab order.
std::vector<ModeInfo> AvailableModes();

// The mode's name on the command line (--mode), in stored runs and in the saved session:
// "train", "race", "search", "compress", "project" or "select" (never translated).
QString ModeName(Mode mode);

}  // namespace optiscope::ui
