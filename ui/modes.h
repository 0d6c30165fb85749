// The window's modes (toolbar selector). A mode decides what Run does and which view it shows.
// Train is built into MainWindow; every other mode is a ModeView (ui/views/mode_view.h) created by
// CreateModeView. To add a mode: an enum value, an AvailableModes entry, a CreateModeView case.
#pragma once

#include <QString>
#include <vector>

class QWidget;

namespace optiscope::ui {

class ModeView;

enum class Mode {
  kTrain,
  kRace,  // ui/views/race_view.h
  kSearch,  // issue 4: hyperparameter studies (ui/views/search_view.h)
  kCompress,
  kProject,  // issue 5: PCA / Kernel PCA projections (ui/views/projection_view.h)
  kSelect,   // issue 5: ranked feature-selection scores (ui/views/feature_scores_view.h)
};

struct ModeInfo {
  Mode mode;
  QString label;    // shown in the selector and as the view's tab title
  QString tooltip;  // what Run does in this mode
};

// The modes that work in this build, in selector order.
std::vector<ModeInfo> AvailableModes();

// The view of `mode`, parented to `parent`; nullptr for Train (MainWindow's Training view).
ModeView* CreateModeView(Mode mode, QWidget* parent);

}  // namespace optiscope::ui
