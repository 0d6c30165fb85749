#include "ui/modes.h"

#include <QCoreApplication>

namespace optiscope::ui {

std::vector<ModeInfo> AvailableModes() {
  return {
      {Mode::kTrain, QCoreApplication::translate("Modes", "Train"),
       QCoreApplication::translate("Modes", "Run trains one model with the Experiment settings "
                                            "and plots its loss live")},
  };
}

}  // namespace optiscope::ui
