// The Train tab's test confusion matrix: its counts and the charts' export menu (issue 15: PNG,
// SVG and the counts as CSV, names quoted as CSV needs).
#include "ui/views/confusion_matrix_view.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include "test_support.h"

using optiscope::ui::ConfusionMatrixView;

class ConfusionMatrixViewTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void TheConfusionMatrixExportsItsCounts() {
    ConfusionMatrixView view;
    QCOMPARE(view.contextMenuPolicy(), Qt::CustomContextMenu);  // the charts' export menu
    QCOMPARE(view.ToCsv(), QString());
    view.SetMatrix({5, 1, 0, 2, 7, 1, 0, 0, 9}, {"setosa", "versi, color", "virginica"});
    QCOMPARE(view.ToCsv(), QString("true \\ predicted,setosa,\"versi, color\",virginica\n"
                                   "setosa,5,1,0\n\"versi, color\",2,7,1\nvirginica,0,0,9\n"));
    view.SetMatrix({1, 2, 3, 4}, {});  // no names: class ids
    QCOMPARE(view.ToCsv(), QString("true \\ predicted,0,1\n0,1,2\n1,3,4\n"));
    view.Clear();
    QCOMPARE(view.ToCsv(), QString());
  }

  // A right-click on a cell reaches the view's export menu (the table does not keep it).
  void RightClickingACellOpensTheExportMenu() {
    ConfusionMatrixView view;
    view.SetMatrix({3, 1, 0, 4}, {"a", "b"});
    view.resize(320, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QStringList texts;
    // Runs inside the menu's own event loop (or finds no menu, and nothing waits).
    QTimer::singleShot(0, &view, [&texts] {
      if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
        for (QAction* a : menu->actions()) texts << a->text();
        menu->close();
      }
    });
    QWidget* cells = view.table()->viewport();
    const QPoint at(10, 10);
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, cells->mapToGlobal(at));
    QApplication::sendEvent(cells, &event);
    QVERIFY2(texts.contains("Export chart as PNG...") && texts.contains("Export chart as SVG...") &&
                 texts.contains("Export data as CSV...") && texts.contains("Copy data as CSV"),
             qPrintable(texts.join(" | ")));
  }
};

OPTISCOPE_UI_TEST(ConfusionMatrixViewTest, confusion_matrix_view_test);
#include "confusion_matrix_view_test.moc"
