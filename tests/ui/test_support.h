// Helpers shared by the Qt Test classes in tests/ui/ (header-only). All of them are linked into
// one executable, optiscope_ui_tests (tests/ui/ui_tests_main.cpp): each file registers its test
// class with OPTISCOPE_UI_TEST instead of QTEST_MAIN, and ctest runs each class as its own
// process (`optiscope_ui_tests <file name>`, test name ui.<file name>).
#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QSettings>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>
#include <functional>
#include <map>
#include <memory>

namespace optiscope::ui::testing {

// Points XDG_DATA_HOME (where the runs file and the default study file live) at a new empty
// folder, removed when the process ends: windows made after this call start with no runs.
inline void UseFreshDataHome() {
  static std::unique_ptr<QTemporaryDir> current;
  current = std::make_unique<QTemporaryDir>();
  qputenv("XDG_DATA_HOME", current->path().toLocal8Bit());
}

// Keeps tests away from the user's settings and data, and from each other's: QSettings go to a
// folder of this process's own (Qt's shared test location let a window closed by one test
// process overwrite the saved session another process was checking: ui.session_test failed
// under a parallel ctest), cleared; the runs file to a fresh folder (UseFreshDataHome).
inline void IsolateSettings() {
  UseFreshDataHome();
  static QTemporaryDir settings_dir;
  QStandardPaths::setTestModeEnabled(true);
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings_dir.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir.path());
  QCoreApplication::setOrganizationName("OptiscopeTest");
  QCoreApplication::setApplicationName("OptiscopeUiTest");
  QSettings().clear();
}

// How long a test waits for a whole run (training, study, race) before it fails: generous, so a
// loaded machine (sanitizers, a parallel ctest) does not make a slow run look like a hang.
constexpr int kRunTimeoutMs = 120000;

// Saves a picture of `widget` as OPTISCOPE_SCREENSHOT_DIR/`file` when that variable is set (the
// README's screenshots come from here); fails the test if the file cannot be written.
inline void SaveScreenshot(QWidget* widget, const QString& file) {
  const QByteArray dir = qgetenv("OPTISCOPE_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QCoreApplication::processEvents();  // let legends and layouts settle
  QVERIFY(widget->grab().save(QString::fromLocal8Bit(dir) + "/" + file));
}

// The registered test classes by name (the file name without .cpp), each made on demand.
using TestFactory = std::function<std::unique_ptr<QObject>()>;
inline std::map<QString, TestFactory>& TestRegistry() {
  static std::map<QString, TestFactory> registry;
  return registry;
}

// Registers `T` under `name` at static-initialisation time (OPTISCOPE_UI_TEST).
template <typename T>
struct RegisterTest {
  explicit RegisterTest(const char* name) {
    TestRegistry()[QString::fromLatin1(name)] = [] { return std::unique_ptr<QObject>(new T); };
  }
};

}  // namespace optiscope::ui::testing

// Replaces QTEST_MAIN(Class) in a file named <name>.cpp: registers Class as test <name> (an
// identifier: the file name without .cpp).
#define OPTISCOPE_UI_TEST(Class, name) \
  static const ::optiscope::ui::testing::RegisterTest<Class> kRegisterUiTest_##name(#name)
