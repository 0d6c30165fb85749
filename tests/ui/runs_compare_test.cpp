// The Runs tab, as TensorBoard compares runs: two Train runs with different learning rates are
// listed, checked, overlaid on one chart whose legend names the difference ("lr 1e-3 → 3e-3"),
// one's configuration is restored into the Experiment dock, and a new window (a restart) lists
// both again from the runs file. A corrupt runs file is reported, and runs still work.
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <cmath>

#include "engine/runs/run_store.h"
#include "main_window_helpers.h"
#include "test_support.h"
#include "ui/charts/runs_chart.h"
#include "ui/main_window.h"
#include "ui/run_store_client.h"
#include "ui/setup/experiment_panel.h"
#include "ui/views/log_pane.h"
#include "ui/views/mode_view.h"
#include "ui/views/runs_panel.h"
#include "ui/views/runs_table.h"
#include "ui/views/training_view.h"

using optiscope::ui::MainWindow;
using optiscope::ui::RunsChart;
using optiscope::ui::RunsPanel;
using optiscope::ui::RunsTable;
using optiscope::ui::testing::kRunTimeoutMs;

namespace {

// Trains with learning rate `lr` for the epochs set, and waits for the run's end.
bool TrainWithRate(MainWindow& w, double lr) {
  w.findChild<QDoubleSpinBox*>("lrSpin")->setValue(lr);
  QSignalSpy finished(w.training_view(), &optiscope::ui::ModeView::finished);
  if (!w.Run()) return false;
  return finished.wait(kRunTimeoutMs) && finished.at(0).at(1).toBool();
}

// Waits until the runs file has answered every request of `w`'s Runs tab (it is written and read
// off the GUI thread, ui/run_store_client.h). False after 20 s.
bool WaitForRunsFile(MainWindow& w) {
  const optiscope::ui::RunStoreClient* client = w.runs_panel()->store_client();
  return QTest::qWaitFor([client] { return client->Pending() == 0; }, 20000);
}

// Shows the Runs tab of the bottom dock, tall enough to read.
void ShowRunsTab(MainWindow& w) {
  auto* dock = w.findChild<QDockWidget*>("bottomDock");
  auto* tabs = qobject_cast<QTabWidget*>(dock->widget());
  tabs->setCurrentWidget(w.runs_panel());
  w.resizeDocks({dock}, {360}, Qt::Vertical);
}

}  // namespace

class RunsCompareTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }
  void init() { optiscope::ui::testing::UseFreshDataHome(); }

  void TwoTrainRunsAreComparedRestoredAndKept() {
    {
      MainWindow w;
      w.SetErrorDialogsEnabled(false);
      w.resize(1600, 1000);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QVERIFY(optiscope::ui::testing::ChooseBuiltin(w, "iris"));
      w.findChild<QSpinBox*>("epochsSpin")->setValue(4);
      QVERIFY(TrainWithRate(w, 1e-3));
      QVERIFY(TrainWithRate(w, 3e-3));
      QVERIFY(WaitForRunsFile(w));

      RunsTable* table = w.runs_table();
      QCOMPARE(table->rowCount(), 2);
      for (int row = 0; row < 2; ++row) {
        QCOMPARE(table->item(row, RunsTable::kMode)->text(), QString("Train"));
        QCOMPARE(table->item(row, RunsTable::kStatus)->text(), QString("ok"));
        QVERIFY(table->item(row, RunsTable::kResult)->text().startsWith("accuracy"));
      }
      QCOMPARE(table->item(0, RunsTable::kRun)->text(), QString("#1"));
      QCOMPARE(table->item(1, RunsTable::kRun)->text(), QString("#2"));

      // Checked, both overlay their loss and validation accuracy, named by the difference.
      table->SetChecked(0, true);
      table->SetChecked(1, true);
      RunsChart* chart = w.runs_panel()->chart();
      QCOMPARE(chart->loss_series().size(), 2);
      QCOMPARE(chart->metric_series().size(), 2);
      for (int i = 0; i < 2; ++i) {
        QCOMPARE(chart->loss_series()[i]->count(), 4);
        QCOMPARE(chart->metric_series()[i]->count(), 4);
      }
      QVERIFY(chart->loss_series()[0]->pen().color() != chart->loss_series()[1]->pen().color());
      const QStringList legend = chart->LegendTexts();
      QCOMPARE(legend.size(), 2);
      QCOMPARE(legend[0], QString("#1 lr 1e-3"));
      QCOMPARE(legend[1], QString("#2 lr 3e-3"));
      QCOMPARE(chart->chart()->title(), QString::fromUtf8("lr 1e-3 \u2192 3e-3"));

      ShowRunsTab(w);
      table->selectRow(0);
      optiscope::ui::testing::SaveScreenshot(&w, "runs-compare.png");
      // On a small screen the Runs tab fits without growing the window.
      w.resize(1024, 700);
      QCoreApplication::processEvents();  // the layout settles
      QCOMPARE(w.size(), QSize(1024, 700));
      optiscope::ui::testing::SaveScreenshot(&w, "runs-compare-small.png");

      // The selected run's configuration, restored into the Experiment dock.
      w.findChild<QDoubleSpinBox*>("lrSpin")->setValue(0.05);
      w.findChild<QSpinBox*>("epochsSpin")->setValue(9);
      QVERIFY(w.runs_panel()->config_view()->toPlainText().contains("\"lr\": 0.001"));
      QTest::mouseClick(w.runs_panel()->restore_button(), Qt::LeftButton);
      const optiscope::ExperimentConfig restored = w.experiment_panel()->Config();
      QVERIFY(std::fabs(restored.optimizer.lr - 1e-3) < 1e-12);
      QCOMPARE(restored.training.epochs, 4);
      QCOMPARE(restored.data.source, std::string("iris"));
      QVERIFY(w.log_pane()->toPlainText().contains("Restored the configuration of run #1"));
    }
    // A restart: the runs are read back from the runs file, curves included.
    MainWindow again;
    again.SetErrorDialogsEnabled(false);
    again.show();
    QVERIFY(WaitForRunsFile(again));
    RunsTable* table = again.runs_table();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, RunsTable::kRun)->text(), QString("#2"));
    QCOMPARE(table->item(1, RunsTable::kStatus)->text(), QString("ok"));
    QVERIFY(!again.runs_panel()->store_label()->isVisible());
    table->SetChecked(0, true);
    table->SetChecked(1, true);
    QVERIFY(WaitForRunsFile(again));  // the curves are read from the file
    RunsChart* chart = again.runs_panel()->chart();
    QCOMPARE(chart->loss_series().size(), 2);
    QCOMPARE(chart->loss_series()[1]->count(), 4);
    QCOMPARE(chart->chart()->title(), QString::fromUtf8("lr 1e-3 \u2192 3e-3"));
    QCOMPARE(again.runs_panel()->run(1).metric_name, std::string("accuracy"));

    // Deleting a run takes it off the list and out of the runs file.
    table->selectRow(1);
    again.runs_panel()->DeleteSelected();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(chart->loss_series().size(), 1);
    QVERIFY(WaitForRunsFile(again));
    auto store = optiscope::RunStore::Open(optiscope::DefaultRunStorePath());
    QVERIFY(store.ok());
    QCOMPARE((*store)->List()->size(), size_t{1});
  }

  // Every mode's runs are listed, not only Train's.
  void ProjectRunsAreListedWithoutACurve() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    QVERIFY(optiscope::ui::testing::ChooseBuiltin(w, "iris"));
    w.SetMode(optiscope::ui::Mode::kProject);
    QSignalSpy finished(w.mode_view(optiscope::ui::Mode::kProject),
                        &optiscope::ui::ModeView::finished);
    QVERIFY(w.Run());
    QVERIFY(finished.wait(kRunTimeoutMs));
    QVERIFY(WaitForRunsFile(w));
    RunsTable* table = w.runs_table();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, RunsTable::kMode)->text(), QString("Project"));
    QCOMPARE(table->item(0, RunsTable::kStatus)->text(), QString("ok"));
    table->SetChecked(0, true);
    QCOMPARE(w.runs_panel()->chart()->LegendTexts(), QStringList{"#1 project (no curve)"});
  }

  void ACorruptRunsFileIsReportedAndRunsStillWork() {
    const QString path = QString::fromStdString(optiscope::DefaultRunStorePath());
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    QVERIFY(WaitForRunsFile(w));
    QLabel* label = w.runs_panel()->store_label();
    QVERIFY(label->isVisibleTo(w.runs_panel()));
    QVERIFY2(label->text().contains("not an Optiscope runs file"), qPrintable(label->text()));
    QVERIFY(w.log_pane()->toPlainText().contains("not an Optiscope runs file"));
    QVERIFY(optiscope::ui::testing::ChooseBuiltin(w, "iris"));
    w.findChild<QSpinBox*>("epochsSpin")->setValue(2);
    QVERIFY(TrainWithRate(w, 1e-2));
    QCOMPARE(w.runs_table()->rowCount(), 1);
    QCOMPARE(w.runs_table()->item(0, RunsTable::kStatus)->text(), QString("ok"));
    QCOMPARE(file.size(), 8192);  // the file is left as it was
  }

  void LogScaleAndSmoothingChangeOnlyTheDrawing() {
    RunsChart chart;
    optiscope::ui::ComparedRun run;
    run.id = 1;
    run.legend = "#1";
    run.metric_name = "accuracy";
    for (int e = 1; e <= 5; ++e) {
      optiscope::RunEpoch epoch;
      epoch.epoch = e;
      epoch.train_loss = e % 2 == 0 ? 2.0 : 1.0;
      epoch.val_loss = e % 2 == 0 ? 0.5 : 1.5;
      epoch.val_metric = 0.1 * e;
      run.epochs.push_back(epoch);
    }
    chart.SetRuns({run}, "one run");
    QCOMPARE(chart.loss_series()[0]->at(1).y(), 0.5);  // the validation loss
    chart.SetSmoothing(0.6);
    const double smoothed = chart.loss_series()[0]->at(1).y();
    QVERIFY(smoothed > 0.5 && smoothed < 1.5);
    QVERIFY(chart.ToCsv().contains("\"#1\",2,2,0.5,,0.2"));  // the data stay raw
    chart.SetLogScale(true);
    QVERIFY(chart.chart()->axes(Qt::Vertical).size() == 2);
    QVERIFY(qobject_cast<QLogValueAxis*>(
                chart.chart()->axes(Qt::Vertical, chart.loss_series()[0]).first()) != nullptr);
  }
};

OPTISCOPE_UI_TEST(RunsCompareTest, runs_compare_test);
#include "runs_compare_test.moc"
