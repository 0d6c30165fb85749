// FeatureScoresView (Select mode): Run scores the Experiment's training split off the GUI thread
// and draws the scores ranked best-first with the kept features highlighted.
#include "ui/views/feature_scores_view.h"

#include <QDir>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include "tests/ui/test_support.h"
#include "ui/main_window.h"
#include "ui/modes.h"

namespace optiscope::ui {

class FeatureScoresViewTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { testing::IsolateSettings(); }

  void IsAMode() {
    bool listed = false;
    for (const ModeInfo& info : AvailableModes()) listed |= info.mode == Mode::kSelect;
    QVERIFY(listed);
    MainWindow window;
    window.SetErrorDialogsEnabled(false);
    QVERIFY(qobject_cast<FeatureScoresView*>(window.mode_view(Mode::kSelect)));
  }

  void IrisAnovaRanksAPetalFeatureFirst() {
    FeatureScoresView view;
    ExperimentConfig config;
    config.data.source = "iris";  // features.select none: ANOVA by default
    QSignalSpy finished(&view, &ModeView::finished);
    QVERIFY(view.Start(config));
    QVERIFY(view.IsRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.at(0).at(1).toBool());
    const QStringList labels = view.BarLabels();
    const std::vector<double> values = view.BarValues();
    QCOMPARE(labels.size(), 4);
    QCOMPARE(values.size(), size_t{4});
    for (size_t i = 1; i < values.size(); ++i) QVERIFY(values[i - 1] > values[i]);
    QVERIFY2(labels[0].startsWith("petal"), qPrintable(labels[0]));
    QVERIFY(values[3] > 0);
    QCOMPARE(view.Table()->rowCount(), 4);
    QCOMPARE(view.Table()->item(0, 1)->text(), labels[0]);
    QCOMPARE(view.Chart()->series().size(), 1);
  }

  void DigitsTopThirtyWithTheKeptOnesFirst() {
    FeatureScoresView view;
    view.resize(1100, 650);
    ExperimentConfig config;
    config.data.source = "digits";
    config.features.select.method = SelectMethod::kKBest;
    config.features.select.score = SelectScore::kAnova;
    config.features.select.k = 10;
    QSignalSpy finished(&view, &ModeView::finished);
    QVERIFY(view.Start(config));
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.at(0).at(1).toBool());
    QCOMPARE(view.BarLabels().size(), FeatureScoresView::kMaxBars);
    const std::vector<bool> kept = view.BarKept();
    for (int i = 0; i < FeatureScoresView::kMaxBars; ++i) QCOMPARE(bool(kept[i]), i < 10);
    QCOMPARE(view.Table()->rowCount(), 64);  // every feature is listed
    const QString dir = qEnvironmentVariable("OPTISCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
      view.show();
      QCoreApplication::processEvents();
      view.grab().save(QDir(dir).filePath("screenshot-feature-scores.png"));
    }
  }

  void AScoreThatDoesNotFitReportsTheEngineError() {
    FeatureScoresView view;
    ExperimentConfig config;
    config.data.source = "iris";
    config.features.select.k = 0;  // invalid: features.select.k must be >= 1
    QSignalSpy errors(&view, &ModeView::errorReported);
    QSignalSpy finished(&view, &ModeView::finished);
    QVERIFY(view.Start(config));
    QVERIFY(finished.wait(30000));
    QVERIFY(!finished.at(0).at(1).toBool());
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.at(0).at(0).toString().startsWith("features.select.k"));
  }
};

}  // namespace optiscope::ui

OPTISCOPE_UI_TEST(optiscope::ui::FeatureScoresViewTest, feature_scores_view_test);
#include "feature_scores_view_test.moc"
