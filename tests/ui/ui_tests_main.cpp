// The one executable of the Qt Test classes in tests/ui/ (test_support.h): saves compiling and
// linking Qt and the UI library once per test file. Usage:
//   optiscope_ui_tests NAME [QTest options...]   runs the test class of tests/ui/NAME.cpp
//   optiscope_ui_tests --list                     lists the registered names
//   optiscope_ui_tests                            runs every class, one after the other
// What QTEST_MAIN would do per class: a QApplication, 96 DPI, then QTest::qExec.
#include <QApplication>
#include <QTest>
#include <cstdio>
#include <cstring>
#include <vector>

#include "test_support.h"

int main(int argc, char** argv) {
  auto& registry = optiscope::ui::testing::TestRegistry();
  if (argc >= 2 && std::strcmp(argv[1], "--list") == 0) {  // needs no display
    for (const auto& [name, make] : registry) std::printf("%s\n", qPrintable(name));
    return 0;
  }
  QApplication app(argc, argv);
  app.setAttribute(Qt::AA_Use96Dpi, true);
  if (argc >= 2 && argv[1][0] != '-') {
    const auto it = registry.find(QString::fromLocal8Bit(argv[1]));
    if (it == registry.end()) {
      std::fprintf(stderr, "optiscope_ui_tests: no test named '%s' (--list names them)\n", argv[1]);
      return 2;
    }
    // QTest sees the program name followed by the remaining options.
    std::vector<char*> args = {argv[0]};
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    auto test = it->second();
    return QTest::qExec(test.get(), static_cast<int>(args.size()), args.data());
  }
  int failed = 0;
  for (const auto& [name, make] : registry) {
    auto test = make();
    if (QTest::qExec(test.get(), argc, argv) != 0) ++failed;
  }
  return failed == 0 ? 0 : 1;
}
