// LossChart and curve decimation: points in, the right series out; long curves keep their
// extremes within the pixel budget.
#include <QTest>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <cmath>
#include <limits>

#include "test_support.h"
#include "ui/charts/decimate.h"
#include "ui/charts/loss_chart.h"

using optiscope::EpochMetrics;
using optiscope::ui::DecimateMinMax;
using optiscope::ui::LossChart;

namespace {
EpochMetrics Epoch(int epoch, double train, double val) {
  EpochMetrics e;
  e.epoch = epoch;
  e.total_epochs = 10;
  e.train_loss = train;
  e.val_loss = val;
  return e;
}
}  // namespace

class LossChartTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void SmallCurvesPassThrough() {
    QList<QPointF> points = {{1, 3}, {2, 2}, {3, 1}};
    QCOMPARE(DecimateMinMax(points, 10), points);
  }

  void LongCurvesKeepEndpointsAndExtremes() {
    QList<QPointF> points;
    for (int i = 0; i < 10000; ++i) points.append(QPointF(i, std::sin(i * 0.01)));
    points[5000].setY(50.0);   // a spike
    points[7000].setY(-50.0);  // a dip
    const QList<QPointF> out = DecimateMinMax(points, 100);
    QVERIFY(out.size() <= 2 * 100 + 2);
    QCOMPARE(out.front(), points.front());
    QCOMPARE(out.back(), points.back());
    QVERIFY(out.contains(points[5000]));
    QVERIFY(out.contains(points[7000]));
    for (int i = 1; i < out.size(); ++i) QVERIFY(out[i - 1].x() < out[i].x());
  }

  void EpochsBecomeSeriesPointsAndNaNIsSkipped() {
    LossChart chart;
    chart.resize(600, 400);
    chart.Reset(10);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    chart.AddEpochs({Epoch(1, 2.0, 2.5), Epoch(2, 1.0, nan)});
    chart.AddEpochs({Epoch(3, 0.5, 0.75)});
    QCOMPARE(chart.train_series()->count(), 3);
    QCOMPARE(chart.validation_series()->count(), 2);
    QCOMPARE(chart.train_series()->at(2), QPointF(3, 0.5));
    QCOMPARE(chart.validation_series()->at(1), QPointF(3, 0.75));
    QCOMPARE(chart.ToCsv(), QString("epoch,train_loss,val_loss\n1,2,2.5\n2,1,\n3,0.5,0.75\n"));
    chart.Reset(5);
    QCOMPARE(chart.train_series()->count(), 0);
    QCOMPARE(chart.validation_series()->count(), 0);
  }

  void EarlyStoppingMarksTheBestAndTheStopEpochs() {
    LossChart chart;
    chart.resize(600, 400);
    chart.Reset(10);
    chart.AddEpochs({Epoch(1, 2.0, 1.5), Epoch(2, 1.0, 0.6), Epoch(3, 0.5, 0.8),
                     Epoch(4, 0.4, 0.9)});
    chart.MarkEarlyStopping(2, 4, true);
    QCOMPARE(chart.best_epoch_series()->count(), 1);
    QCOMPARE(chart.best_epoch_series()->at(0), QPointF(2, 0.6));  // on the validation curve
    QCOMPARE(chart.stop_series()->count(), 2);
    QCOMPARE(chart.stop_series()->at(0).x(), 4.0);
    QCOMPARE(chart.stop_series()->at(1), QPointF(4, 2.0));  // up to the highest loss drawn
    QVERIFY(chart.stop_series()->name().contains("4"));
    chart.MarkEarlyStopping(2, 4, false);  // ran to the end: no stop line
    QCOMPARE(chart.stop_series()->count(), 0);
    chart.Reset(5);
    QCOMPARE(chart.best_epoch_series()->count(), 0);
  }
};

OPTISCOPE_UI_TEST(LossChartTest, loss_chart_test);
#include "loss_chart_test.moc"
