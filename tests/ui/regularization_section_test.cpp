// The Regularization and LR-schedule sections of the Experiment dock (offscreen): every field
// round-trips between ExperimentConfig and the widgets, only the chosen schedule's rows show, and
// the Experiment panel carries both into the configuration.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "engine/config/experiment_config.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/regularization_section.h"
#include "ui/setup/schedule_section.h"

using optiscope::ExperimentConfig;
using optiscope::RegularizationConfig;
using optiscope::ScheduleConfig;
using optiscope::ui::MainWindow;
using optiscope::ui::RegularizationSection;
using optiscope::ui::ScheduleSection;

class RegularizationSectionTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void RegularizationRoundTrips() {
    RegularizationSection section;
    const RegularizationConfig r{.l2 = 1e-4,
                                 .l1 = 2e-5,
                                 .clip_grad_norm = 5.0,
                                 .clip_grad_value = 0.5,
                                 .early_stopping_patience = 3,
                                 .early_stopping_min_delta = 1e-3,
                                 .early_stopping_monitor = optiscope::EarlyStoppingMonitor::kValMetric};
    section.Load(r);
    RegularizationConfig back;
    section.Apply(&back);
    QVERIFY(back == r);
    auto* min_delta = section.findChild<QWidget*>("minDeltaSpin");
    QVERIFY(min_delta && min_delta->isEnabled());
    section.findChild<QSpinBox*>("patienceSpin")->setValue(0);  // early stopping off
    QVERIFY(!min_delta->isEnabled());
    QVERIFY(!section.findChild<QWidget*>("monitorCombo")->isEnabled());
  }

  void ScheduleRoundTripsAndShowsOnlyItsRows() {
    ScheduleSection section;
    ScheduleConfig s;
    s.type = optiscope::ScheduleType::kOneCycle;
    s.max_lr = 0.05;
    s.pct_start = 0.25;
    s.div_factor = 10.0;
    s.final_div_factor = 100.0;
    s.cycle_momentum = false;
    s.base_momentum = 0.8;
    s.max_momentum = 0.9;
    s.gamma = 0.5;
    s.step_size = 7;
    s.start_factor = 1.0 / 3;  // shown rounded to 15 decimals, comes back exact when untouched
    section.Load(s);
    ScheduleConfig back;
    section.Apply(&back);
    QVERIFY(back == s);
    QCOMPARE(back.start_factor, 1.0 / 3);
    section.findChild<QDoubleSpinBox*>("gammaEditor")->setValue(0.7);  // a user edit wins
    section.Apply(&back);
    QCOMPARE(back.gamma, 0.7);
    QCOMPARE(back.start_factor, 1.0 / 3);
    QVERIFY(section.IsFieldVisible("max_lr"));
    QVERIFY(!section.IsFieldVisible("gamma"));
    auto* type = section.findChild<QComboBox*>("scheduleCombo");
    type->setCurrentIndex(type->findText("step"));
    QVERIFY(section.IsFieldVisible("gamma"));
    QVERIFY(section.IsFieldVisible("step_size"));
    QVERIFY(!section.IsFieldVisible("max_lr"));
    section.Apply(&back);
    QVERIFY(back.type == optiscope::ScheduleType::kStep);
  }

  void PanelCarriesBothIntoTheConfiguration() {
    MainWindow window;
    ExperimentConfig c = window.experiment_panel()->Config();
    c.schedule.type = optiscope::ScheduleType::kCosine;
    c.schedule.eta_min = 1e-5;
    c.regularization.l2 = 3e-3;
    c.regularization.early_stopping_patience = 2;
    window.experiment_panel()->SetConfig(c);
    const ExperimentConfig back = window.experiment_panel()->Config();
    QVERIFY(back.schedule == c.schedule);
    QVERIFY(back.regularization == c.regularization);
  }
};

OPTISCOPE_UI_TEST(RegularizationSectionTest, regularization_section_test);
#include "regularization_section_test.moc"
