#include "ui/modes.h"

#include <QCoreApplication>

#include "ui/views/mode_view.h"

namespace optiscope::ui {

std::vector<ModeInfo> AvailableModes() {
  return {
      {Mode::kTrain, QCoreApplication::translate("Modes", "Train"),
       QCoreApplication::translate("Modes", "Run trains one model with the Experiment settings "
                                            "and plots its loss live")},
  };
}

ModeView* CreateModeView(Mode mode, QWidget* parent) {
  switch (mode) {
    case Mode::kTrain:
      return nullptr;
  }
  return nullptr;
}

}  // namespace optiscope::ui
