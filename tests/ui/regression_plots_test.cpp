// The Train view's regression diagnostics (offscreen): a regression run shows predicted-vs-actual
// and residual plots of its test rows (the engine's figures, drawn as they are); a classification
// run shows the confusion matrix instead, and a new run clears the old plots.
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <cmath>

#include "test_support.h"
#include "ui/main_window.h"
#include "ui/setup/experiment_panel.h"
#include "ui/views/confusion_matrix_view.h"
#include "ui/views/regression_plots.h"
#include "ui/views/training_view.h"

using optiscope::ExperimentConfig;
using optiscope::RunFinished;
using optiscope::ui::MainWindow;
using optiscope::ui::RegressionPlots;
using optiscope::ui::TrainingView;
using optiscope::ui::testing::kRunTimeoutMs;

namespace {

// Runs Train on `c` to the end and returns its RunFinished (status failed when it did not end).
RunFinished TrainOn(MainWindow& w, const ExperimentConfig& c) {
  w.experiment_panel()->SetConfig(c);
  QSignalSpy finished(w.training_view(), &TrainingView::runFinished);
  RunFinished f;
  f.status = optiscope::RunEnd::kFailed;
  if (!w.Run() || !finished.wait(kRunTimeoutMs)) return f;
  return finished.at(0).at(0).value<RunFinished>();
}

ExperimentConfig DiabetesLinear() {
  ExperimentConfig c = optiscope::DemoConfig();
  c.data.source = "diabetes";
  c.model.type = optiscope::ModelType::kLinear;
  c.optimizer = optiscope::DefaultOptimizerConfig(optiscope::OptimizerType::kSgd);
  c.optimizer.lr = 0.02;
  c.training.epochs = 5;
  return c;
}

}  // namespace

class RegressionPlotsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void ARegressionRunShowsBothPlots() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.resize(1600, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const RunFinished f = TrainOn(w, DiabetesLinear());
    QCOMPARE(f.status, optiscope::RunEnd::kOk);
    const optiscope::RegressionSample& s = f.test_regression;
    QVERIFY(s.actual.size() > 50);  // diabetes: 442 rows, a fifth of them for the test
    RegressionPlots* plots = w.training_view()->regression_plots();
    QVERIFY(plots->isVisible());
    QVERIFY(!w.training_view()->confusion_view()->isVisible());
    QVERIFY(plots->predicted_chart()->isVisible());
    QVERIFY(plots->residual_chart()->isVisible());
    // Predicted vs actual: one point per test row at (actual, predicted), and the y = x line.
    QCOMPARE(plots->predicted_points()->count(), static_cast<int>(s.actual.size()));
    QCOMPARE(plots->predicted_points()->at(3), QPointF(s.actual[3], s.predicted[3]));
    QCOMPARE(plots->identity_line()->count(), 2);
    const QPointF a = plots->identity_line()->at(0), b = plots->identity_line()->at(1);
    QCOMPARE(a.x(), a.y());
    QCOMPARE(b.x(), b.y());
    // Residuals against the predictions, and the zero line.
    QCOMPARE(plots->residual_points()->count(), static_cast<int>(s.residual.size()));
    const QPointF r = plots->residual_points()->at(3);
    QCOMPARE(r.x(), s.predicted[3]);
    QCOMPARE(r.y(), s.actual[3] - s.predicted[3]);
    QCOMPARE(plots->zero_line()->at(0).y(), 0.0);
    QVERIFY(plots->ToCsv().startsWith("actual,predicted,residual\n"));
    optiscope::ui::testing::SaveScreenshot(&w, "screenshot-regression.png");
  }

  void AClassificationRunShowsTheConfusionMatrixInstead() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    QCOMPARE(TrainOn(w, DiabetesLinear()).status, optiscope::RunEnd::kOk);
    QVERIFY(w.training_view()->regression_plots()->isVisible());
    ExperimentConfig iris = optiscope::DemoConfig();
    iris.data.source = "iris";
    iris.training.epochs = 2;
    const RunFinished f = TrainOn(w, iris);
    QCOMPARE(f.status, optiscope::RunEnd::kOk);
    QVERIFY(f.test_regression.actual.empty());
    QVERIFY(!w.training_view()->regression_plots()->isVisible());
    QCOMPARE(w.training_view()->regression_plots()->predicted_points()->count(), 0);
    QVERIFY(w.training_view()->confusion_view()->isVisible());
  }

  void AnEmptySampleHidesThePlots() {
    RegressionPlots plots;
    optiscope::RegressionSample s;
    s.actual = {1, 2, 3};
    s.predicted = {1.5, 2, 2};
    s.residual = {-0.5, 0, 1};
    s.total_rows = 30;
    plots.SetSample(s);
    QVERIFY(!plots.isHidden());
    QCOMPARE(plots.predicted_points()->count(), 3);
    plots.SetSample(optiscope::RegressionSample());
    QVERIFY(plots.isHidden());
  }
};

OPTISCOPE_UI_TEST(RegressionPlotsTest, regression_plots_test);
#include "regression_plots_test.moc"
