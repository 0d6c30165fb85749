// The Race mode end to end (offscreen): three optimizers race three epochs through MainWindow's
// Run; the view shows three curves (train + validation each, one point per epoch), a 3-row
// ranking, the loss landscape with three paths, the test function and the decision boundary; the
// race exports as PNG, SVG and CSV.
#include "ui/views/race_view.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>

#include "test_support.h"
#include "ui/charts/heat_map_widget.h"
#include "ui/charts/race_chart.h"
#include "ui/main_window.h"
#include "ui/modes.h"
#include "ui/setup/experiment_panel.h"
#include "ui/views/race_setup_panel.h"

using optiscope::ExperimentConfig;
using optiscope::ui::MainWindow;
using optiscope::ui::Mode;
using optiscope::ui::ModeView;
using optiscope::ui::RaceView;

namespace {

ExperimentConfig MoonsConfig() {
  ExperimentConfig c;
  c.name = "moons-race";
  c.data.source = "synthetic";
  c.data.synthetic.kind = optiscope::SyntheticKind::kMoons;
  c.data.synthetic.n = 400;
  c.data.synthetic.noise = 0.15;
  c.model.type = optiscope::ModelType::kMlp;
  c.model.hidden = {16, 16};
  c.training.epochs = 3;
  c.training.batch_size = 16;
  c.training.seed = 1;
  return c;
}

}  // namespace

class RaceViewTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void RaceModeIsListed() {
    bool found = false;
    for (const auto& info : optiscope::ui::AvailableModes()) found |= info.mode == Mode::kRace;
    QVERIFY(found);
  }

  void ThreeOptimizersRaceThroughMainWindow() {
    MainWindow window;
    window.SetErrorDialogsEnabled(false);
    window.resize(1800, 1100);
    window.experiment_panel()->SetConfig(MoonsConfig());
    auto* view = qobject_cast<RaceView*>(window.mode_view(Mode::kRace));
    QVERIFY(view != nullptr);
    view->setup()->SetChecked({"sgd", "momentum", "adam"});
    QVERIFY(view->setup()->SetLearningRate("sgd", 0.1));
    QVERIFY(view->setup()->SetLearningRate("adam", 0.01));
    view->findChild<QLineEdit*>("raceTargetLoss")->setText("0.35");
    window.SetMode(Mode::kRace);
    QSignalSpy finished(view, &ModeView::finished);
    QSignalSpy errors(&window, &MainWindow::errorReported);
    QVERIFY(window.Run());
    QVERIFY(view->IsRunning());
    QVERIFY(finished.wait(120000));
    QCOMPARE(errors.count(), 0);
    QVERIFY(finished.front().at(1).toBool());
    QVERIFY(!view->IsRunning());

    // Curves: three racers, a validation and a train series each, one point per epoch.
    const QStringList racers = {"sgd", "momentum", "adam"};
    QCOMPARE(view->chart()->racers(), racers);
    QCOMPARE(view->chart()->chart()->series().size(), 6);
    for (const QString& r : racers) {
      QVERIFY(view->chart()->ValidationSeries(r) != nullptr);
      QCOMPARE(view->chart()->ValidationSeries(r)->count(), 3);
      QCOMPARE(view->chart()->TrainSeries(r)->count(), 3);
    }
    // Ranking: three rows, ranks 1..3, every optimizer once.
    QCOMPARE(view->ranking()->rowCount(), 3);
    QStringList ranked;
    for (int row = 0; row < 3; ++row) {
      QCOMPARE(view->ranking()->item(row, 0)->text(), QString::number(row + 1));
      ranked << view->ranking()->item(row, 1)->text();
    }
    ranked.sort();
    QStringList expected = racers;
    expected.sort();
    QCOMPARE(ranked, expected);
    QCOMPARE(static_cast<int>(view->standings().standings.size()), 3);
    QCOMPARE(view->standings().target_loss, 0.35);
    // Landscape: a field and one path per racer (initial point + 3 epochs).
    QVERIFY(view->landscape()->HasField());
    QCOMPARE(view->landscape()->PathCount(), 3);
    for (const auto& path : view->landscape()->paths()) QCOMPARE(path.points.size(), 4);
    // Test function: surface and three paths from the same start.
    view->FinishAnimation();
    QVERIFY(view->test_function()->HasField());
    QCOMPARE(view->test_function()->PathCount(), 3);
    const QPointF start = view->test_function()->paths()[0].points[0];
    for (const auto& path : view->test_function()->paths()) QCOMPARE(path.points[0], start);
    // Decision boundary of 2-D data.
    QVERIFY(view->boundary()->HasField());

    // Wall-time toggle keeps the points, switches the axis.
    view->chart()->SetWallTime(true);
    QCOMPARE(view->chart()->ValidationSeries("adam")->count(), 3);
    view->chart()->SetWallTime(false);

    QTemporaryDir dir;
    QVERIFY(view->ExportPng(dir.filePath("race.png")));
    QVERIFY(!QImage(dir.filePath("race.png")).isNull());
    QVERIFY(view->ExportSvg(dir.filePath("race.svg")));
    QFile svg(dir.filePath("race.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));
    QVERIFY(view->ExportCsv(dir.filePath("race.csv")));
    QFile csv(dir.filePath("race.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 3 * 3);
    QCOMPARE(lines[0], QString("optimizer,epoch,seconds,train_loss,val_loss"));

    const QByteArray dir_env = qgetenv("OPTISCOPE_SCREENSHOT_DIR");
    if (!dir_env.isEmpty()) {
      QVERIFY(view->grab().save(QString::fromLocal8Bit(dir_env) + "/screenshot-race.png"));
      view->boundary()->resize(520, 440);
      QVERIFY(view->boundary()->grab().save(QString::fromLocal8Bit(dir_env) +
                                            "/screenshot-race-boundary.png"));
    }
  }

  void NoOptimizerCheckedIsReported() {
    RaceView view;
    view.setup()->SetChecked({});
    QSignalSpy errors(&view, &ModeView::errorReported);
    QVERIFY(!view.Start(MoonsConfig()));
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.front().at(0).toString().contains("tick at least one"));
    QVERIFY(!view.IsRunning());
    view.setup()->SetChecked({"adam"});
    view.findChild<QLineEdit*>("raceTargetLoss")->setText("low");
    QVERIFY(!view.Start(MoonsConfig()));
    QCOMPARE(errors.count(), 2);
    QVERIFY(errors.back().at(0).toString().contains("target loss"));
  }
};

OPTISCOPE_UI_TEST(RaceViewTest, race_view_test);
#include "race_view_test.moc"
