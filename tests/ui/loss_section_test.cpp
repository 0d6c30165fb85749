// LossSection: the loss list follows the task, a bad custom expression shows the engine's error
// with its column, and a good one ends up in ExperimentPanel::Config().
#include "ui/setup/loss_section.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QtTest>

#include "tests/ui/test_support.h"
#include "ui/recent_files.h"
#include "ui/setup/experiment_panel.h"

namespace optiscope::ui {

class LossSectionTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { testing::IsolateSettings(); }

  void ListsOnlyLossesThatFitTheTask() {
    LossSection section;
    auto* combo = section.findChild<QComboBox*>("lossCombo");
    QVERIFY(combo);
    section.SetTask(TaskKind::kRegression);
    QVERIFY(combo->findText("huber") >= 0);
    QVERIFY(combo->findText("custom") >= 0);
    QCOMPARE(combo->findText("cross_entropy"), -1);
    combo->setCurrentIndex(combo->findText("huber"));
    section.SetTask(TaskKind::kClassification);
    QCOMPARE(combo->findText("huber"), -1);
    QVERIFY(combo->findText("focal") >= 0);
    QCOMPARE(combo->currentText(), QString("auto"));  // huber no longer fits
  }

  void BadExpressionShowsTheColumnGoodOneReachesConfig() {
    RecentFiles recent;
    ExperimentPanel panel(&recent);
    panel.resize(380, 700);
    LossSection* section = panel.loss_section();
    QVERIFY(section);
    section->SetTask(TaskKind::kRegression);
    auto* combo = section->findChild<QComboBox*>("lossCombo");
    combo->setCurrentIndex(combo->findText("custom"));
    auto* edit = section->findChild<QLineEdit*>("lossExpressionEdit");
    auto* label = section->findChild<QLabel*>("lossExpressionError");
    QVERIFY(edit && label);

    edit->clear();
    QTest::keyClicks(edit, "abs(p - y)^1.5 + (p - y");
    QCOMPARE(section->ErrorColumn(), 24);
    QCOMPARE(section->ErrorMessage(),
             QString("expected ')' at column 24 (to close the '(' at column 18)"));
    QVERIFY(label->text().contains("column 24"));
    QVERIFY(label->text().contains("text-decoration:underline"));
    QVERIFY(!edit->styleSheet().isEmpty());
    SaveScreenshot(panel, section);

    edit->clear();
    QTest::keyClicks(edit, "p ** y");
    QCOMPARE(section->ErrorColumn(), 4);

    edit->clear();
    QTest::keyClicks(edit, "abs(p - y)^1.5 + 0.1*(p - y)^2");
    QCOMPARE(section->ErrorColumn(), 0);
    QVERIFY(section->ErrorMessage().isEmpty());
    QVERIFY(edit->styleSheet().isEmpty());
    const ExperimentConfig config = panel.Config();
    QVERIFY(config.loss.type == LossType::kCustom);
    QCOMPARE(QString::fromStdString(config.loss.expression),
             QString("abs(p - y)^1.5 + 0.1*(p - y)^2"));
  }

  void LoadApplyRoundTripsTheParameters() {
    LossConfig loss;
    loss.type = LossType::kFocal;
    loss.focal_gamma = 1.5;
    loss.focal_alpha = 0.25;
    loss.class_weights.values = {1.0, 3.0};
    LossSection section;
    section.SetTask(TaskKind::kClassification);
    section.Load(loss);
    LossConfig out;
    section.Apply(&out);
    QVERIFY(out == loss);
    loss = LossConfig();
    loss.type = LossType::kCrossEntropy;
    loss.label_smoothing = 0.1;
    loss.class_weights.balanced = true;
    section.Load(loss);
    section.Apply(&out);
    QVERIFY(out == loss);
  }

 private:
  // Shows the panel and saves the Loss section as it looks there.
  static void SaveScreenshot(QWidget& panel, QWidget* section) {
    const QString dir = qEnvironmentVariable("OPTISCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    panel.show();
    QCoreApplication::processEvents();
    section->grab().save(QDir(dir).filePath("screenshot-loss-section.png"));
  }
};

}  // namespace optiscope::ui

OPTISCOPE_UI_TEST(optiscope::ui::LossSectionTest, loss_section_test);
#include "loss_section_test.moc"
