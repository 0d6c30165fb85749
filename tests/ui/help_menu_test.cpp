// Help › Documentation and Help › About (offscreen): the docs are found in the source tree or an
// installed folder and opened; without them the message says where they are.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "test_support.h"
#include "ui/help_menu.h"
#include "ui/main_window.h"

using optiscope::ui::DocumentationFolders;
using optiscope::ui::FindDocumentation;
using optiscope::ui::HelpMenu;
using optiscope::ui::MainWindow;

namespace {

bool Touch(const QString& path) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write("# docs\n") > 0;
}

}  // namespace

class HelpMenuTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void FindsTheGuideThenTheReadme() {
    QTemporaryDir a, b;
    QVERIFY(Touch(b.filePath("README.md")));
    QCOMPARE(FindDocumentation({a.path(), b.path()}),
             QFileInfo(b.filePath("README.md")).absoluteFilePath());
    QVERIFY(Touch(a.filePath("docs/ui.md")));
    QCOMPARE(FindDocumentation({a.path(), b.path()}),
             QFileInfo(a.filePath("docs/ui.md")).absoluteFilePath());
    QVERIFY(FindDocumentation({}).isEmpty());
  }

  void LooksNextToTheExecutableAndInTheInstalledFolder() {
    const QStringList folders = DocumentationFolders("/opt/x/build/bin");
    QCOMPARE(folders.value(0), QString("/opt/x"));
    QVERIFY(folders.contains("/opt/x/build/share/doc/optiscope"));
    QCOMPARE(folders.last(), QString("/usr/share/doc/optiscope"));
    // This test runs from the build tree: the source tree's docs are found.
    QVERIFY(!FindDocumentation(DocumentationFolders(QCoreApplication::applicationDirPath()))
                 .isEmpty());
  }

  void DocumentationOpensTheGuideFromTheMenu() {
    QTemporaryDir dir;
    QVERIFY(Touch(dir.filePath("docs/ui.md")));
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    HelpMenu* help = w.help_menu();
    QVERIFY(help != nullptr);
    QVERIFY(w.menuBar()->actions().contains(help->menu()->menuAction()));
    QUrl opened;
    help->SetUrlOpener([&opened](const QUrl& url) {
      opened = url;
      return true;
    });
    help->SetFolders({dir.path()});
    help->documentation_action()->trigger();
    const QString guide = QFileInfo(dir.filePath("docs/ui.md")).absoluteFilePath();
    QCOMPARE(opened, QUrl::fromLocalFile(guide));
    QCOMPARE(help->documentation_action()->shortcut(), QKeySequence(QKeySequence::HelpContents));
  }

  void MissingDocumentationSaysWhereItIs() {
    QTemporaryDir empty;
    HelpMenu help(nullptr);
    help.SetDialogsEnabled(false);
    help.SetFolders({empty.path()});
    bool called = false;
    help.SetUrlOpener([&called](const QUrl&) { return called = true; });
    QSignalSpy message(&help, &HelpMenu::message);
    QVERIFY(help.OpenDocumentation().isEmpty());
    QVERIFY(!called);
    QCOMPARE(message.count(), 1);
    const QString text = message.at(0).at(0).toString();
    QVERIFY2(text.contains("/usr/share/doc/optiscope") && text.contains("docs/"),
             qPrintable(text));
    QVERIFY(text.contains(empty.path()));
  }

  void AboutNamesTheProgramAndItsVersion() {
    QCoreApplication::setApplicationVersion("9.8.7");
    HelpMenu help(nullptr);
    const QString about = help.AboutText();
    QVERIFY(about.contains("Optiscope 9.8.7"));
    QVERIFY(about.contains(QString::fromLatin1(qVersion())));
    QCoreApplication::setApplicationVersion(QString());
  }
};

OPTISCOPE_UI_TEST(HelpMenuTest, help_menu_test);
#include "help_menu_test.moc"
