// The tools every live chart shares: export actions (PNG, SVG, CSV file, copied CSV), a context
// menu for charts without one, table data as CSV, and pan / reset navigation.
#include "ui/charts/chart_tools.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include "test_support.h"

using optiscope::ui::AddChartExportActions;
using optiscope::ui::ChartNavigator;
using optiscope::ui::ChartSeriesCsv;
using optiscope::ui::InstallChartExportMenu;
using optiscope::ui::SetMetricAxisRange;
using optiscope::ui::TableToCsv;

class ChartToolsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void EveryChartExportsPngSvgAndCsv() {
    QWidget target;
    QMenu menu;
    AddChartExportActions(&menu, &target, "x", "X", [] { return QString("a,b\n"); });
    QStringList texts;
    for (QAction* a : menu.actions()) texts << a->text();
    QCOMPARE(texts, (QStringList{"Export chart as PNG...", "Export chart as SVG...",
                                 "Export data as CSV...", "Copy data as CSV"}));
    QChartView view;
    InstallChartExportMenu(&view, "y", "Y", [] { return QString(); });
    QCOMPARE(view.contextMenuPolicy(), Qt::CustomContextMenu);
  }

  void TablesBecomeQuotedCsv() {
    QTableWidget table(2, 2);
    table.setHorizontalHeaderLabels({"name", "score"});
    table.setItem(0, 0, new QTableWidgetItem("petal, width"));
    table.setItem(0, 1, new QTableWidgetItem("1.5"));
    table.setItem(1, 0, new QTableWidgetItem("say \"hi\""));
    QCOMPARE(TableToCsv(&table),
             QString("name,score\n\"petal, width\",1.5\n\"say \"\"hi\"\"\",\n"));
  }

  void ChartSeriesBecomeCsv() {
    QChart chart;
    auto* line = new QLineSeries;
    line->setName("loss, train");
    line->append({QPointF(1, 0.5), QPointF(2, 0.25)});
    chart.addSeries(line);
    auto* set = new QBarSet("ms");
    *set << 1.5 << 3.0;
    auto* bars = new QBarSeries;
    bars->append(set);
    chart.addSeries(bars);
    auto* categories = new QBarCategoryAxis;
    categories->append({"int8", "float"});
    chart.addAxis(categories, Qt::AlignBottom);
    bars->attachAxis(categories);
    QCOMPARE(ChartSeriesCsv(&chart),
             QString("series,x,y\n\"loss, train\",1,0.5\n\"loss, train\",2,0.25\n"
                     "series,category,value\nms,int8,1.5\nms,float,3\n"));
  }

  void MetricAxesEndOnNiceTicksAndAccuracyStopsAtOne() {
    QValueAxis axis;
    SetMetricAxisRange(&axis, 0.54, 0.9944);  // accuracy: never past 1
    QCOMPARE(axis.min(), 0.4);
    QCOMPARE(axis.max(), 1.0);
    QCOMPARE(axis.tickCount(), 4);  // steps of 0.2
    SetMetricAxisRange(&axis, 1.0, 1.0);  // a flat 100%: a thin band just below
    QCOMPARE(axis.max(), 1.0);
    QVERIFY(axis.min() < 1.0 && axis.min() > 0.98);
    SetMetricAxisRange(&axis, 2.3, 7.9);  // RMSE
    QCOMPARE(axis.min(), 2.0);
    QCOMPARE(axis.max(), 8.0);
  }

  void ShiftDragPansAndDoubleClickAsksForAReset() {
    QChartView view;
    auto* series = new QLineSeries;
    series->append({QPointF(0, 0), QPointF(10, 10)});
    view.chart()->addSeries(series);
    view.chart()->createDefaultAxes();
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* x = qobject_cast<QValueAxis*>(view.chart()->axes(Qt::Horizontal).first());
    QVERIFY(x != nullptr);
    const double before = x->min();
    auto* navigator = new ChartNavigator(&view);
    QSignalSpy reset(navigator, &ChartNavigator::resetRequested);
    QWidget* port = view.viewport();
    QTest::mousePress(port, Qt::LeftButton, Qt::ShiftModifier, QPoint(200, 150));
    QTest::mouseMove(port, QPoint(150, 150));
    QTest::mouseRelease(port, Qt::LeftButton, Qt::ShiftModifier, QPoint(150, 150));
    QVERIFY2(x->min() > before, qPrintable(QString::number(x->min())));  // dragged left: x grows
    QTest::mouseDClick(port, Qt::LeftButton, Qt::NoModifier, QPoint(200, 150));
    QCOMPARE(reset.count(), 1);
  }
};

OPTISCOPE_UI_TEST(ChartToolsTest, chart_tools_test);
#include "chart_tools_test.moc"
