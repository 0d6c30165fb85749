// FeaturesSection: widgets -> ExperimentConfig and back, settings a method does not use are
// hidden, an invalid combination shows the engine's message, and the impute / scale choices stay
// in step with the Data section inside ExperimentPanel.
#include "ui/setup/features_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QSpinBox>
#include <QtTest>

#include "tests/ui/test_support.h"
#include "ui/recent_files.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {

class FeaturesSectionTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { testing::IsolateSettings(); }

  void WidgetsReachTheConfigAndRoundTrip() {
    FeaturesSection section;
    Pick(section, "featuresImputeCombo", "median");
    Pick(section, "featuresScaleCombo", "minmax");
    Pick(section, "featuresExtractCombo", "polynomial");
    Spin(section, "featuresDegreeSpin")->setValue(3);
    section.findChild<QCheckBox*>("featuresInteractionCheck")->setChecked(true);
    Pick(section, "featuresSelectCombo", "chi2");
    Spin(section, "featuresKSpin")->setValue(4);
    Pick(section, "featuresReduceCombo", "pca");
    Spin(section, "featuresComponentsSpin")->setValue(3);
    Pick(section, "featuresSolverCombo", "randomized");
    section.findChild<QCheckBox*>("featuresWhitenCheck")->setChecked(true);
    Spin(section, "featuresSeedSpin")->setValue(7);
    QVERIFY(section.ErrorMessage().isEmpty());

    ExperimentConfig config;
    section.Apply(&config);
    QVERIFY(config.data.missing == MissingPolicy::kMedian);
    QVERIFY(config.data.scaling == Scaling::kMinMax);
    const FeaturesConfig& f = config.features;
    QVERIFY(f.extract.method == ExtractMethod::kPolynomial);
    QCOMPARE(f.extract.degree, 3);
    QVERIFY(f.extract.interaction_only);
    QVERIFY(f.select.method == SelectMethod::kKBest);
    QVERIFY(f.select.score == SelectScore::kChi2);
    QCOMPARE(f.select.k, 4);
    QVERIFY(f.pca.method == ReduceMethod::kPca);
    QCOMPARE(f.pca.n_components, 3);
    QVERIFY(f.pca.solver == PcaSolver::kRandomized);
    QVERIFY(f.pca.whiten);
    QCOMPARE(f.seed, uint64_t{7});

    FeaturesSection other;
    other.Load(config);
    ExperimentConfig again;
    other.Apply(&again);
    QVERIFY(again.features == config.features);
    QVERIFY(again.data == config.data);
  }

  void ConfigFillsTheWidgetsAndHidesUnusedSettings() {
    ExperimentConfig config;
    config.features.extract.method = ExtractMethod::kBinning;
    config.features.extract.bins = 7;
    config.features.extract.strategy = BinStrategy::kUniform;
    config.features.select.method = SelectMethod::kL1;
    config.features.select.alpha = 0.05;
    config.features.pca.method = ReduceMethod::kKpca;
    config.features.pca.kernel = PcaKernel::kPoly;
    config.features.pca.gamma = 0.5;
    config.features.pca.degree = 4;  // not shown: kept as loaded
    config.features.pca.landmarks = 100;
    FeaturesSection section;
    section.Load(config);
    section.show();
    QCOMPARE(Combo(section, "featuresExtractCombo")->currentText(), QString("binning"));
    QCOMPARE(Spin(section, "featuresBinsSpin")->value(), 7);
    QCOMPARE(Combo(section, "featuresBinStrategyCombo")->currentText(), QString("uniform"));
    QCOMPARE(Combo(section, "featuresSelectCombo")->currentText(), QString("l1"));
    QCOMPARE(section.findChild<SciSpinBox*>("featuresAlphaSpin")->value(), 0.05);
    QCOMPARE(Combo(section, "featuresReduceCombo")->currentText(), QString("kpca"));
    QCOMPARE(Combo(section, "featuresKernelCombo")->currentText(), QString("poly"));
    QCOMPARE(section.findChild<SciSpinBox*>("featuresGammaSpin")->value(), 0.5);
    QCOMPARE(Spin(section, "featuresLandmarksSpin")->value(), 100);
    QVERIFY(section.findChild<SciSpinBox*>("featuresAlphaSpin")->isVisible());
    QVERIFY(!Spin(section, "featuresKSpin")->isVisible());
    QVERIFY(!Spin(section, "featuresDegreeSpin")->isVisible());
    QVERIFY(Spin(section, "featuresBinsSpin")->isVisible());
    QVERIFY(!Combo(section, "featuresSolverCombo")->isVisible());
    QVERIFY(Combo(section, "featuresKernelCombo")->isVisible());
    ExperimentConfig out;
    section.Apply(&out);
    QVERIFY(out.features == config.features);
  }

  void InvalidCombinationShowsTheEngineMessage() {
    FeaturesSection section;
    section.show();
    Pick(section, "featuresScaleCombo", "standardize");
    Pick(section, "featuresSelectCombo", "chi2");
    auto* label = section.findChild<QLabel*>("featuresError");
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QVERIFY(section.ErrorMessage().startsWith("features.select.score: chi2 needs non-negative"));
    QCOMPARE(label->text(), section.ErrorMessage());
    Pick(section, "featuresScaleCombo", "minmax");
    QVERIFY(section.ErrorMessage().isEmpty());
    QVERIFY(!label->isVisible());
    Pick(section, "featuresExtractCombo", "yeo_johnson");
    QVERIFY(section.ErrorMessage().contains("yeo_johnson"));
  }

  void ImputeAndScaleStayInStepWithTheDataSection() {
    RecentFiles recent;
    ExperimentPanel panel(&recent);
    FeaturesSection* section = panel.features_section();
    QVERIFY(section);
    ExperimentConfig config;
    config.data.source = "iris";
    config.features.select.method = SelectMethod::kKBest;
    config.features.select.k = 2;
    panel.SetConfig(config);
    QVERIFY(section->IsExpanded());
    QComboBox* data_missing = nullptr;
    for (QComboBox* combo : panel.data_section()->findChildren<QComboBox*>()) {
      if (combo->findText("most_frequent") >= 0) data_missing = combo;
    }
    QVERIFY(data_missing);
    Pick(*section, "featuresImputeCombo", "median");
    QCOMPARE(data_missing->currentText(), QString("median"));
    QVERIFY(panel.Config().data.missing == MissingPolicy::kMedian);
    data_missing->setCurrentIndex(data_missing->findText("most_frequent"));
    QCOMPARE(Combo(*section, "featuresImputeCombo")->currentText(), QString("most_frequent"));
    Pick(*section, "featuresScaleCombo", "minmax");
    const ExperimentConfig out = panel.Config();
    QVERIFY(out.data.scaling == Scaling::kMinMax);
    QVERIFY(out.data.missing == MissingPolicy::kMostFrequent);
    QCOMPARE(out.features.select.k, 2);
    SaveScreenshot(panel, section);
  }

 private:
  static QComboBox* Combo(QWidget& w, const char* name) { return w.findChild<QComboBox*>(name); }
  static QSpinBox* Spin(QWidget& w, const char* name) { return w.findChild<QSpinBox*>(name); }
  static void Pick(QWidget& w, const char* name, const QString& text) {
    QComboBox* combo = Combo(w, name);
    QVERIFY2(combo != nullptr, name);
    const int i = combo->findText(text);
    QVERIFY2(i >= 0, qPrintable(text));
    combo->setCurrentIndex(i);
  }
  static void SaveScreenshot(QWidget& panel, QWidget* section) {
    const QString dir = qEnvironmentVariable("OPTISCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    panel.resize(380, 1100);
    panel.show();
    QCoreApplication::processEvents();
    section->grab().save(QDir(dir).filePath("screenshot-features-section.png"));
  }
};

}  // namespace optiscope::ui

OPTISCOPE_UI_TEST(optiscope::ui::FeaturesSectionTest, features_section_test);
#include "features_section_test.moc"
