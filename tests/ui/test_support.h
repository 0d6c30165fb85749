// Helpers shared by the Qt Test executables in tests/ui/ (header-only; each test is its own
// executable).
#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

namespace optiscope::ui::testing {

// Keeps tests away from the user's settings: QSettings go to Qt's test location, cleared.
inline void IsolateSettings() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName("OptiscopeTest");
  QCoreApplication::setApplicationName("OptiscopeUiTest");
  QSettings().clear();
}

}  // namespace optiscope::ui::testing
