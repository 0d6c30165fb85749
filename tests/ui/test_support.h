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
#include <functional>
#include <map>
#include <memory>

namespace optiscope::ui::testing {

// Keeps tests away from the user's settings: QSettings go to Qt's test location, cleared.
inline void IsolateSettings() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName("OptiscopeTest");
  QCoreApplication::setApplicationName("OptiscopeUiTest");
  QSettings().clear();
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
