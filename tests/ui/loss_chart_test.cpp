// LossChart and curve decimation: points in, the right series out; long curves keep their
// extremes within the pixel budget; the metric curves, log axis and smoothing.
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <cmath>
#include <limits>

#include "test_support.h"
#include "ui/charts/decimate.h"
#include "ui/charts/loss_chart.h"
#include "ui/charts/smoothing.h"

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
    QCOMPARE(chart.ToCsv(),
             QString("epoch,train_loss,val_loss,train_metric,val_metric,train_f1,val_f1,train_r2,"
                     "val_r2\n1,2,2.5,0,0,,,,\n2,1,,0,0,,,,\n3,0.5,0.75,0,0,,,,\n"));
    chart.Reset(5);
    QCOMPARE(chart.train_series()->count(), 0);
    QCOMPARE(chart.validation_series()->count(), 0);
  }

  void EarlyStoppingMarksTheBestAndTheStopEpochs() {
    LossChart chart;
    chart.resize(600, 400);
    chart.show();  // a shown widget gets its resize events at once
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
    // The marks are named in the legend of a wide chart only: a narrow one (a 1024x700 window)
    // keeps "train loss" and "validation loss" whole.
    auto legend_shows = [&chart](QXYSeries* s) {
      const auto markers = chart.chart()->legend()->markers(s);
      return !markers.isEmpty() && markers.first()->isVisible();
    };
    QVERIFY(legend_shows(chart.best_epoch_series()));
    chart.resize(LossChart::kWideLegendPx - 100, 300);
    QVERIFY(!legend_shows(chart.best_epoch_series()));
    QVERIFY(!legend_shows(chart.stop_series()));
    QVERIFY(legend_shows(chart.validation_series()));
    chart.resize(LossChart::kWideLegendPx + 80, 400);
    QVERIFY(legend_shows(chart.stop_series()));
    chart.MarkEarlyStopping(2, 4, false);  // ran to the end: no stop line
    QCOMPARE(chart.stop_series()->count(), 0);
    chart.Reset(5);
    QCOMPARE(chart.best_epoch_series()->count(), 0);
  }

  // Issue 15, chart tools: the metric beside the loss, a logarithmic loss axis, EMA smoothing
  // that changes only the drawing.
  void MetricLogScaleAndSmoothing() {
    LossChart chart;
    chart.resize(600, 400);
    chart.Reset(4);
    std::vector<EpochMetrics> epochs;
    for (int e = 1; e <= 4; ++e) {
      EpochMetrics m = Epoch(e, e % 2 == 0 ? 0.01 : 1.0, 0.5 / e);
      m.train_metric = 0.2 * e;
      m.val_metric = 0.1 * e;
      epochs.push_back(m);
    }
    chart.AddEpochs(epochs);
    QCOMPARE(chart.train_metric_series()->count(), 0);  // no metric named yet: hidden
    chart.SetMetricName("accuracy");
    QVERIFY(chart.validation_metric_series()->isVisible());
    QCOMPARE(chart.validation_metric_series()->count(), 4);
    QCOMPARE(chart.validation_metric_series()->at(3), QPointF(4, 0.4));
    QCOMPARE(chart.validation_metric_series()->name(), QString("validation accuracy"));

    QVERIFY(qobject_cast<QValueAxis*>(chart.loss_axis()) != nullptr);
    chart.SetLogScale(true);
    auto* log_axis = qobject_cast<QLogValueAxis*>(chart.loss_axis());
    QVERIFY(log_axis != nullptr);
    QVERIFY(chart.chart()->axes(Qt::Vertical, chart.train_series()).contains(log_axis));
    QVERIFY(log_axis->min() > 0.0 && log_axis->min() <= 0.01);
    QVERIFY(log_axis->max() >= 1.0);
    chart.SetLogScale(false);
    QVERIFY(qobject_cast<QValueAxis*>(chart.loss_axis()) != nullptr);

    chart.SetSmoothing(0.9);
    const double smoothed = chart.train_series()->at(1).y();
    QVERIFY2(smoothed > 0.1 && smoothed < 1.0, qPrintable(QString::number(smoothed)));
    QVERIFY(chart.ToCsv().contains("\n2,0.01,0.25,0.4,0.2,,,,\n"));  // the data stay raw
    chart.SetSmoothing(0.0);
    QCOMPARE(chart.train_series()->at(1).y(), 0.01);
  }

  // Issue 15: the dashed curves draw the run's metric or the second one (F1 here); the CSV and
  // the hover keep every column whichever is drawn.
  void TheDashedCurvesSwitchBetweenAccuracyAndF1() {
    LossChart chart;
    chart.resize(600, 400);
    chart.Reset(3);
    chart.SetMetricName("accuracy");
    chart.SetSecondMetricName("F1");
    std::vector<EpochMetrics> epochs;
    for (int e = 1; e <= 3; ++e) {
      EpochMetrics m = Epoch(e, 1.0 / e, 1.5 / e);
      m.train_metric = 0.5 + 0.1 * e;
      m.val_metric = 0.4 + 0.1 * e;
      m.train_f1 = 0.25 * e;
      m.val_f1 = 0.2 * e;
      epochs.push_back(m);
    }
    chart.AddEpochs(epochs);
    QCOMPARE(chart.validation_metric_series()->at(2), QPointF(3, 0.7));
    QVERIFY(chart.chart()->title().contains("accuracy"));

    chart.SetDashedMetric(LossChart::DashedMetric::kSecond);
    QCOMPARE(chart.dashed_metric(), LossChart::DashedMetric::kSecond);
    QCOMPARE(chart.validation_metric_series()->count(), 3);
    QCOMPARE(chart.validation_metric_series()->at(2), QPointF(3, 0.2 * 3));
    QCOMPARE(chart.train_metric_series()->at(0), QPointF(1, 0.25));
    QCOMPARE(chart.validation_metric_series()->name(), QString("validation F1"));
    QVERIFY(chart.chart()->title().contains("dashed: F1"));
    // Epochs that arrive while F1 is drawn are drawn too.
    EpochMetrics fourth = Epoch(4, 0.2, 0.3);
    fourth.train_metric = fourth.val_metric = std::numeric_limits<double>::quiet_NaN();
    fourth.val_f1 = 0.9;
    chart.AddEpochs({fourth});
    QCOMPARE(chart.validation_metric_series()->at(3), QPointF(4, 0.9));
    const QString csv = chart.ToCsv();
    QVERIFY2(csv.contains("\n1,1,1.5,0.6,0.5,0.25,0.2,,\n"), qPrintable(csv));
    QVERIFY2(csv.contains("\n4,0.2,0.3,,,,0.9,,\n"), qPrintable(csv));

    chart.SetDashedMetric(LossChart::DashedMetric::kMetric);
    QCOMPARE(chart.validation_metric_series()->count(), 3);  // epoch 4 has no accuracy
    QCOMPARE(chart.validation_metric_series()->at(0), QPointF(1, 0.5));
    chart.SetDashedMetric(LossChart::DashedMetric::kSecond);
    chart.Reset(3);  // a new run keeps the choice
    QCOMPARE(chart.dashed_metric(), LossChart::DashedMetric::kSecond);
    QCOMPARE(chart.validation_metric_series()->count(), 0);
  }

  // A regression run carries R², drawn when the second metric is chosen.
  void TheSecondMetricOfARegressionIsR2() {
    LossChart chart;
    chart.resize(600, 400);
    chart.Reset(2);
    chart.SetMetricName("RMSE");
    chart.SetDashedMetric(LossChart::DashedMetric::kSecond);
    std::vector<EpochMetrics> epochs;
    for (int e = 1; e <= 2; ++e) {
      EpochMetrics m = Epoch(e, 1.0 / e, 1.5 / e);
      m.train_metric = 3.0 / e;
      m.val_metric = 4.0 / e;
      m.train_r2 = 0.3 * e;
      m.val_r2 = 0.2 * e;
      epochs.push_back(m);
    }
    chart.AddEpochs(epochs);
    QCOMPARE(chart.validation_metric_series()->at(1), QPointF(2, 0.4));
    QCOMPARE(chart.validation_metric_series()->name(), QString("validation R²"));
    QVERIFY(chart.ToCsv().contains("\n2,0.5,0.75,1.5,2,,,0.6,0.4\n"));
  }

  void SmoothingIsADebiasedMovingAverage() {
    using optiscope::ui::SmoothEma;
    const QList<QPointF> raw = {{1, 1.0}, {2, 3.0}, {3, std::nan("")}, {4, 3.0}};
    const QList<QPointF> finite = {{1, 1.0}, {2, 3.0}};
    QCOMPARE(SmoothEma(finite, 0.0), finite);
    const QList<QPointF> s = SmoothEma(raw, 0.5);
    QCOMPARE(s[0].y(), 1.0);  // debiased: the first point is itself
    // (0.5 * 0.5 + 0.5 * 3) / (1 - 0.25) = 1.75 / 0.75
    QVERIFY(std::fabs(s[1].y() - 1.75 / 0.75) < 1e-12);
    QVERIFY(std::isnan(s[2].y()));  // kept, skipped by the average
    QVERIFY(std::fabs(s[3].y() - (0.5 * 1.75 + 0.5 * 3.0) / 0.875) < 1e-12);
  }
};

OPTISCOPE_UI_TEST(LossChartTest, loss_chart_test);
#include "loss_chart_test.moc"
