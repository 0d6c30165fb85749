// Issue 15, chart tools on the Train tab (offscreen): the loss chart's "Dashed" selector offers
// the run's metric and the task's second one (accuracy or F1, RMSE or R²) once a run started;
// choosing one redraws the dashed curves with that metric's per-epoch values; the CSV carries every
// column.
#include <QComboBox>
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <cmath>
#include <vector>

#include "test_support.h"
#include "ui/charts/chart_tool_bar.h"
#include "ui/charts/loss_chart.h"
#include "ui/views/training_view.h"

using optiscope::EpochMetrics;
using optiscope::ExperimentConfig;
using optiscope::ui::ChartToolBar;
using optiscope::ui::LossChart;
using optiscope::ui::TrainingView;
using optiscope::ui::testing::kRunTimeoutMs;

namespace {

ExperimentConfig Small(const char* source, optiscope::ModelType type, double lr) {
  ExperimentConfig c = optiscope::DemoConfig();
  c.data.source = source;
  c.model.type = type;
  c.optimizer = optiscope::DefaultOptimizerConfig(optiscope::OptimizerType::kSgd);
  c.optimizer.lr = lr;
  c.training.epochs = 6;
  c.training.seed = 4;
  return c;
}

// Runs `c` in `view` to the end; the epochs it published, in order (empty when it did not end).
std::vector<EpochMetrics> Run(TrainingView& view, const ExperimentConfig& c) {
  std::vector<EpochMetrics> epochs;
  const auto connection = QObject::connect(
      &view, &TrainingView::epochsReceived, &view,
      [&](const std::vector<EpochMetrics>& e) { epochs.insert(epochs.end(), e.begin(), e.end()); });
  QSignalSpy finished(&view, &TrainingView::runFinished);
  const bool ended = view.Start(c) && finished.wait(kRunTimeoutMs);
  QObject::disconnect(connection);
  if (!ended) epochs.clear();
  return epochs;
}

// The points of a series.
QList<QPointF> Points(const QLineSeries* s) { return s->points(); }

// (epoch, value) of each epoch whose value is finite.
QList<QPointF> Expected(const std::vector<EpochMetrics>& epochs, double EpochMetrics::*field) {
  QList<QPointF> points;
  for (const EpochMetrics& e : epochs) {
    if (std::isfinite(e.*field)) points.append(QPointF(e.epoch, e.*field));
  }
  return points;
}

}  // namespace

class EpochMetricChoiceTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void AClassificationRunOffersAccuracyOrF1() {
    TrainingView view;
    view.resize(1000, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QComboBox* box = view.loss_chart_tools()->metric_box();
    QCOMPARE(box->objectName(), QString("trainingMetric"));
    QVERIFY(!box->isVisible());  // no run yet: nothing to choose
    // A small learning rate: after six epochs the model still errs, so F1 differs from accuracy.
    const std::vector<EpochMetrics> epochs =
        Run(view, Small("wine", optiscope::ModelType::kLogistic, 0.002));
    QCOMPARE(epochs.size(), size_t{6});
    QVERIFY(box->isVisible());
    QCOMPARE(box->count(), 2);
    QCOMPARE(box->itemText(0), QString("accuracy"));
    QCOMPARE(box->itemText(1), QString("F1"));
    QCOMPARE(box->currentIndex(), 0);
    LossChart* chart = view.loss_chart();
    QCOMPARE(Points(chart->validation_metric_series()),
             Expected(epochs, &EpochMetrics::val_metric));
    QVERIFY(Expected(epochs, &EpochMetrics::val_f1) != Expected(epochs, &EpochMetrics::val_metric));

    box->setCurrentIndex(1);
    QCOMPARE(chart->dashed_metric(), LossChart::DashedMetric::kSecond);
    QCOMPARE(Points(chart->validation_metric_series()), Expected(epochs, &EpochMetrics::val_f1));
    QCOMPARE(Points(chart->train_metric_series()), Expected(epochs, &EpochMetrics::train_f1));
    QVERIFY(chart->chart()->title().contains("F1"));
    const QString csv = chart->ToCsv();
    QVERIFY2(csv.startsWith("epoch,train_loss,val_loss,train_metric,val_metric,train_f1,val_f1,"
                            "train_r2,val_r2\n"),
             qPrintable(csv));
    QVERIFY2(csv.contains(QString(",%1,,\n").arg(epochs.back().val_f1, 0, 'g', 9)),
             qPrintable(csv));

    box->setCurrentIndex(0);
    QCOMPARE(Points(chart->validation_metric_series()),
             Expected(epochs, &EpochMetrics::val_metric));
  }

  void ARegressionRunOffersRmseOrR2AndKeepsTheChoice() {
    TrainingView view;
    view.resize(1000, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QComboBox* box = view.loss_chart_tools()->metric_box();
    std::vector<EpochMetrics> epochs =
        Run(view, Small("wine", optiscope::ModelType::kLogistic, 0.01));
    QCOMPARE(epochs.size(), size_t{6});
    box->setCurrentIndex(1);  // F1
    epochs = Run(view, Small("diabetes", optiscope::ModelType::kLinear, 0.01));
    QCOMPARE(epochs.size(), size_t{6});
    QCOMPARE(box->itemText(0), QString("RMSE"));
    QCOMPARE(box->itemText(1), QString("R²"));
    QCOMPARE(box->currentIndex(), 1);  // the second metric stays chosen: now R²
    LossChart* chart = view.loss_chart();
    QCOMPARE(Points(chart->validation_metric_series()), Expected(epochs, &EpochMetrics::val_r2));
    QCOMPARE(chart->validation_metric_series()->name(), QString("validation R²"));
    for (const EpochMetrics& e : epochs) QVERIFY(std::isnan(e.val_f1));
  }
};

OPTISCOPE_UI_TEST(EpochMetricChoiceTest, epoch_metric_choice_test);
#include "epoch_metric_choice_test.moc"
