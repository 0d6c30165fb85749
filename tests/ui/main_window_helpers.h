// Helpers for Qt Test classes that drive a whole MainWindow (header-only, tests/ui/).
#pragma once

#include <QComboBox>
#include <QSignalSpy>
#include <QString>

#include "ui/main_window.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"

namespace optiscope::ui::testing {

// Picks built-in dataset `name` through the Data section's combo boxes, as a user would, and
// waits for its preview. False when the combo boxes or the dataset are missing, or no preview
// came within 20 s.
inline bool ChooseBuiltin(MainWindow& w, const QString& name) {
  auto* source = w.findChild<QComboBox*>("sourceKindCombo");
  auto* combo = w.findChild<QComboBox*>("builtinCombo");
  if (!source || !combo) return false;
  source->setCurrentIndex(0);
  const int i = combo->findText(name);
  if (i < 0) return false;
  QSignalSpy spy(w.experiment_panel()->data_section(), &DataSection::previewUpdated);
  if (combo->currentIndex() == i) return true;
  combo->setCurrentIndex(i);
  return spy.wait(20000);
}

}  // namespace optiscope::ui::testing
