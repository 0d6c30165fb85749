#include "ui/modes.h"

#include <QCoreApplication>

namespace optiscope::ui {

std::vector<ModeInfo> AvailableModes() {
  return {
      {Mode::kTrain, QCoreApplication::translate("Modes", "Train"),
       QCoreApplication::translate("Modes", "Run trains one model with the Experiment settings "
                                            "and plots its loss live")},
      {Mode::kRace, QCoreApplication::translate("Modes", "Race"),
       QCoreApplication::translate("Modes", "Run races the checked optimizers on the Experiment's "
                                            "model and data: same weights, same batches")},
      {Mode::kSearch, QCoreApplication::translate("Modes", "Search"),
       QCoreApplication::translate("Modes", "Run searches the hyperparameters of the Search "
                                            "section over the Experiment settings and shows "
                                            "every trial live")},
      {Mode::kCompress, QCoreApplication::translate("Modes", "Compress"),
       QCoreApplication::translate("Modes", "Run trains the Experiment's model, then measures it "
                                            "quantized and pruned at several settings")},
      {Mode::kProject, QCoreApplication::translate("Modes", "Project"),
       QCoreApplication::translate("Modes", "Run projects the Experiment's dataset to 2-D with "
                                            "PCA or Kernel PCA")},
      {Mode::kSelect, QCoreApplication::translate("Modes", "Select"),
       QCoreApplication::translate("Modes", "Run scores every feature of the Experiment's "
                                            "training split and ranks them (ANOVA F, chi2, "
                                            "mutual information, RFE, L1)")},
  };
}

QString ModeName(Mode mode) {
  switch (mode) {
    case Mode::kTrain: return QStringLiteral("train");
    case Mode::kRace: return QStringLiteral("race");
    case Mode::kSearch: return QStringLiteral("search");
    case Mode::kCompress: return QStringLiteral("compress");
    case Mode::kProject: return QStringLiteral("project");
    case Mode::kSelect: return QStringLiteral("select");
  }
  return QString();
}

}  // namespace optiscope::ui
