// The Project mode end to end (offscreen): PCA of iris through MainWindow's Run shows 150 points
// in 3 class series and a scree chart with one bar per feature.
#include "ui/views/projection_view.h"

#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QScatterSeries>

#include "test_support.h"
#include "ui/main_window.h"
#include "ui/modes.h"
#include "ui/setup/experiment_panel.h"

using optiscope::ExperimentConfig;
using optiscope::ui::MainWindow;
using optiscope::ui::Mode;
using optiscope::ui::ModeView;
using optiscope::ui::ProjectionView;

class ProjectionViewTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void ProjectIrisThroughMainWindow() {
    MainWindow window;
    window.SetErrorDialogsEnabled(false);
    window.resize(1400, 900);
    ExperimentConfig config;
    config.name = "iris-project";
    config.data.source = "iris";
    window.experiment_panel()->SetConfig(config);
    auto* view = qobject_cast<ProjectionView*>(window.mode_view(Mode::kProject));
    QVERIFY(view != nullptr);
    window.SetMode(Mode::kProject);
    QSignalSpy finished(view, &ModeView::finished);
    QSignalSpy errors(&window, &MainWindow::errorReported);
    QVERIFY(window.Run());
    QVERIFY(finished.wait(60000));
    QCOMPARE(errors.count(), 0);
    QVERIFY(finished.front().at(1).toBool());

    const auto series = view->ScatterChart()->series();
    QCOMPARE(series.size(), 3);
    int points = 0;
    for (auto* s : series) {
      auto* scatter = qobject_cast<QScatterSeries*>(s);
      QVERIFY(scatter != nullptr);
      QVERIFY(scatter->count() > 0);
      points += scatter->count();
    }
    QCOMPARE(points, 150);

    const auto scree = view->ScreeChart()->series();
    QCOMPARE(scree.size(), 1);
    auto* bars = qobject_cast<QBarSeries*>(scree.front());
    QVERIFY(bars != nullptr);
    QCOMPARE(bars->barSets().front()->count(), 4);  // iris has 4 features
    double total = 0.0;
    for (int j = 0; j < 4; ++j) total += bars->barSets().front()->at(j);
    QVERIFY(qAbs(total - 1.0) < 1e-6);
    QVERIFY(bars->barSets().front()->at(0) > 0.7);  // standardized iris: PC1 explains ~73%
  }
};

OPTISCOPE_UI_TEST(ProjectionViewTest, projection_view_test);
#include "projection_view_test.moc"
