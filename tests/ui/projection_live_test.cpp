// The Project tab live (offscreen): a 3-epoch iris MLP Train run streams hidden-layer projections
// that the slider replays; Project mode's decision regions sit under the points; a 100,000-point
// projection is thinned to the drawing budget with every class present.
#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QScatterSeries>
#include <set>

#include "engine/core/rng.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/modes.h"
#include "ui/setup/experiment_panel.h"
#include "ui/views/projection_view.h"
#include "ui/views/training_view.h"

using optiscope::ExperimentConfig;
using optiscope::Projection;
using optiscope::ui::MainWindow;
using optiscope::ui::Mode;
using optiscope::ui::ModeView;
using optiscope::ui::ProjectionChart;
using optiscope::ui::ProjectionColorBy;
using optiscope::ui::ProjectionView;
using optiscope::ui::TrainingView;

namespace {

int DrawnPoints(QChart* chart, std::set<QString>* names = nullptr) {
  int points = 0;
  for (auto* s : chart->series()) {
    auto* scatter = qobject_cast<QScatterSeries*>(s);
    if (scatter == nullptr) continue;
    points += scatter->count();
    if (names != nullptr && scatter->count() > 0) names->insert(scatter->name());
  }
  return points;
}

}  // namespace

class ProjectionLiveTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void TrainRunStreamsHiddenProjections() {
    MainWindow window;
    window.SetErrorDialogsEnabled(false);
    window.resize(1400, 900);
    ExperimentConfig config;
    config.name = "iris-live";
    config.data.source = "iris";
    config.model.hidden = {16, 8};
    config.training.epochs = 3;
    config.training.projection_every = 1;
    config.data.validation_fraction = 0.3;  // 45 validation rows
    config.optimizer.lr = 0.05;
    window.experiment_panel()->SetConfig(config);
    auto* view = qobject_cast<ProjectionView*>(window.mode_view(Mode::kProject));
    QVERIFY(view != nullptr);
    window.SetMode(Mode::kTrain);
    QSignalSpy projections(window.training_view(), &TrainingView::projectionReceived);
    QSignalSpy finished(window.training_view(), &TrainingView::runFinished);
    QSignalSpy errors(&window, &MainWindow::errorReported);
    QVERIFY(window.Run());
    QVERIFY(finished.wait(60000));
    QCOMPARE(errors.count(), 0);

    int hidden = 0;
    for (const Projection& p : view->history()) hidden += p.what == "hidden";
    QVERIFY(hidden >= 3);
    QCOMPARE(static_cast<int>(view->history().size()), projections.count());
    QCOMPARE(view->history().back().epoch, 3);
    // The newest is shown, with points, and the slider covers the whole history.
    QSlider* slider = view->history_slider();
    QCOMPARE(slider->minimum(), 0);
    QCOMPARE(slider->maximum(), static_cast<int>(view->history().size()) - 1);
    QCOMPARE(slider->value(), slider->maximum());
    QVERIFY(view->shown() == &view->history().back());
    QCOMPARE(DrawnPoints(view->ScatterChart()), 45);  // iris validation rows
    // Replaying an earlier epoch shows it; a new projection then does not move the view.
    slider->setValue(1);
    QVERIFY(view->shown() == &view->history()[1]);
    QCOMPARE(view->shown()->epoch, 1);
    view->ShowProjection(view->history().back());
    QCOMPARE(slider->value(), 1);
    QCOMPARE(slider->maximum(), static_cast<int>(view->history().size()) - 1);
    QVERIFY(view->shown() == &view->history()[1]);
    // Colour by prediction / error: hidden projections carry the model's predictions.
    view->SetColorBy(ProjectionColorBy::kError);
    QCOMPARE(view->scatter()->EffectiveColorBy(), ProjectionColorBy::kError);
    std::set<QString> names;
    QCOMPARE(DrawnPoints(view->ScatterChart(), &names), 45);
    for (const QString& name : names) QVERIFY(name == "correct" || name == "wrong");
    slider->setValue(slider->maximum());
    view->SetColorBy(ProjectionColorBy::kClass);
    window.SetMode(Mode::kProject);
    optiscope::ui::testing::SaveScreenshot(view, "screenshot-projection-live.png");
  }

  void ProjectModeDrawsDecisionRegions() {
    MainWindow window;
    window.SetErrorDialogsEnabled(false);
    window.resize(1400, 900);
    ExperimentConfig config;
    config.name = "iris-regions";
    config.data.source = "iris";
    config.model.hidden = {16};
    config.training.epochs = 60;
    config.optimizer.lr = 0.01;
    window.experiment_panel()->SetConfig(config);
    auto* view = qobject_cast<ProjectionView*>(window.mode_view(Mode::kProject));
    QVERIFY(view != nullptr);
    window.SetMode(Mode::kProject);
    view->regions_check()->setChecked(true);
    view->SetColorBy(ProjectionColorBy::kClass);
    QSignalSpy finished(view, &ModeView::finished);
    QSignalSpy errors(&window, &MainWindow::errorReported);
    QVERIFY(window.Run());
    QVERIFY(finished.wait(60000));
    QCOMPARE(errors.count(), 0);
    QVERIFY(finished.front().at(1).toBool());
    QVERIFY(view->shown() != nullptr);
    QCOMPARE(static_cast<int>(view->shown()->region_classes.size()), 80 * 80);
    QVERIFY(view->scatter()->HasRegions());
    QCOMPARE(DrawnPoints(view->ScatterChart()), 150);
    // The regions image fills the plot area (the axes span exactly the region bounds).
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRectF plot = view->ScatterChart()->plotArea();
    const QRectF regions = view->scatter()->RegionsRect();
    QVERIFY(!regions.isEmpty());
    QVERIFY(qAbs(regions.left() - plot.left()) < 1.5);
    QVERIFY(qAbs(regions.right() - plot.right()) < 1.5);
    QVERIFY(qAbs(regions.top() - plot.top()) < 1.5);
    QVERIFY(qAbs(regions.bottom() - plot.bottom()) < 1.5);
    view->SetColorBy(ProjectionColorBy::kPrediction);
    QCOMPARE(view->scatter()->EffectiveColorBy(), ProjectionColorBy::kPrediction);
    view->SetColorBy(ProjectionColorBy::kClass);
    optiscope::ui::testing::SaveScreenshot(view, "screenshot-projection.png");
  }

  void LongRunsKeepAnEvenlyThinnedHistory() {
    ProjectionView view;
    auto frame = [](int epoch) {
      Projection p;
      p.what = "hidden";
      p.epoch = epoch;
      p.xy = {0.0f, 0.0f, 1.0f, 1.0f};
      p.labels = {0, 1};
      p.explained_variance_ratio = {0.9, 0.1};
      return p;
    };
    const int n = ProjectionView::kMaxHistory * 2 + 10;
    for (int e = 1; e <= n; ++e) view.ShowProjection(frame(e));
    const auto& history = view.history();
    QVERIFY(static_cast<int>(history.size()) <= ProjectionView::kMaxHistory);
    QVERIFY(static_cast<int>(history.size()) >= ProjectionView::kMaxHistory / 2);
    QCOMPARE(history.front().epoch, 1);
    QCOMPARE(history.back().epoch, n);
    for (size_t i = 1; i < history.size(); ++i) QVERIFY(history[i].epoch > history[i - 1].epoch);
    QCOMPARE(view.shown()->epoch, n);
    QCOMPARE(view.history_slider()->maximum(), static_cast<int>(history.size()) - 1);
    // Replaying: the view stays on the chosen epoch while frames arrive and the history thins.
    view.history_slider()->setValue(1);
    const int chosen = view.shown()->epoch;
    for (int e = n + 1; e <= n + ProjectionView::kMaxHistory; ++e) view.ShowProjection(frame(e));
    QVERIFY(view.shown() != nullptr);
    QVERIFY(view.shown()->epoch <= chosen);
    QCOMPARE(view.history_slider()->value(),
             static_cast<int>(view.shown() - view.history().data()));
  }

  void HundredThousandPointsAreThinned() {
    ProjectionView view;
    view.resize(1200, 700);
    Projection p;
    p.what = "data";
    const int n = 100000;
    optiscope::Rng rng(11);
    for (int i = 0; i < n; ++i) {
      const int label = i % 100 == 0 ? 3 : i % 3;  // class 3: 1% of the rows
      p.xy.push_back(static_cast<float>(rng.Normal() + 3.0 * label));
      p.xy.push_back(static_cast<float>(rng.Normal()));
      p.labels.push_back(label);
    }
    p.explained_variance_ratio = {0.8, 0.2};
    view.ShowProjection(p);
    std::set<QString> names;
    const int drawn = DrawnPoints(view.ScatterChart(), &names);
    QVERIFY(drawn <= ProjectionView::kMaxDrawnPoints);
    QVERIFY(drawn >= ProjectionView::kMaxDrawnPoints * 3 / 4);
    QCOMPARE(view.scatter()->DrawnPoints(), drawn);
    QCOMPARE(static_cast<int>(names.size()), 4);
  }
};

OPTISCOPE_UI_TEST(ProjectionLiveTest, projection_live_test);
#include "projection_live_test.moc"
