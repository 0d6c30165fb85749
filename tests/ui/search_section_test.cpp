// The Search section's strategy options and validation (offscreen): the sampler and pruner option
// forms follow the combos and write exactly the engine's keys (untouched options stay at the
// engine's defaults, options the form does not show are kept, unknown ones are errors), settings
// round-trip through the study spec, a k-fold cross-validated study runs from the section, and
// the section's Load... / Save... buttons save and restore it (with the Experiment) in a window.
#include "ui/setup/search_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

#include "engine/config/experiment_config.h"
#include "engine/search/study_spec.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/models/trials_model.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/search_section_options.h"
#include "ui/views/search_spec.h"
#include "ui/views/search_view.h"

using namespace optiscope;
using namespace optiscope::ui;

class SearchSectionTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { testing::IsolateSettings(); }

  void SamplerAndPrunerOptionsFollowTheCombosAndReachTheSpec() {
    SearchSection section;
    SearchSettings settings;
    settings.space = DefaultSearchSpace();
    section.SetSettings(settings);
    auto spin = [](StrategyOptionsForm* form, const char* key) {
      return qobject_cast<QSpinBox*>(form->Editor(key));
    };
    auto dspin = [](StrategyOptionsForm* form, const char* key) {
      return qobject_cast<QDoubleSpinBox*>(form->Editor(key));
    };
    auto spec_of = [&]() -> StudySpec {
      Result<SearchSettings> read = section.Settings();
      if (!read.ok()) qFatal("%s", read.status().message().c_str());
      Result<StudySpec> spec = ParseStudySpec(BuildStudySpecJson(*read, DemoConfig()), "s");
      if (!spec.ok()) qFatal("%s", spec.status().message().c_str());
      return *spec;
    };
    // TPE: the form shows TPE's options at the engine defaults; untouched ones are not written.
    section.sampler_combo()->setCurrentText("tpe");
    StrategyOptionsForm* sampler = section.sampler_options();
    QVERIFY(sampler->Editor("sigma0") == nullptr);
    QCOMPARE(spin(sampler, "n_startup_trials")->value(), 10);
    QCOMPARE(spec_of().sampler_options_json, std::string("{}"));
    spin(sampler, "n_startup_trials")->setValue(3);
    qobject_cast<QCheckBox*>(sampler->Editor("multivariate"))->setChecked(true);
    dspin(sampler, "gamma_fraction")->setValue(0.2);
    StudySpec spec = spec_of();
    QVERIFY(nlohmann::json::parse(spec.sampler_options_json) ==
            nlohmann::json::parse(R"({"n_startup_trials": 3, "multivariate": true,
                                       "gamma_fraction": 0.2})"));
    // An option the form does not show stays (Other options) and reaches the engine.
    sampler->other()->setText(R"({"prior_weight": 2.5})");
    spec = spec_of();
    QCOMPARE(nlohmann::json::parse(spec.sampler_options_json)["prior_weight"].get<double>(), 2.5);
    // Round trip: a spec's options come back into the form and the Other field.
    section.SetSettings(SettingsFromSpec(spec));
    QCOMPARE(spin(section.sampler_options(), "n_startup_trials")->value(), 3);
    QCOMPARE(section.sampler_options()->other()->text(), QString(R"({"prior_weight":2.5})"));
    QCOMPARE(spec_of().sampler_options_json, spec.sampler_options_json);
    // An unknown option is an error naming it, never dropped.
    section.sampler_options()->other()->setText(R"({"bogus": 1})");
    Result<SearchSettings> bad = section.Settings();
    QVERIFY(!bad.ok());
    QVERIFY2(bad.status().message().find("unknown option 'bogus'") != std::string::npos,
             bad.status().message().c_str());
    section.sampler_options()->other()->setText("[1]");
    QVERIFY(!section.Settings().ok());
    // Another sampler shows its own options (and forgets the previous one's).
    section.sampler_combo()->setCurrentText("cmaes");
    QVERIFY(section.sampler_options()->Editor("multivariate") == nullptr);
    QVERIFY(section.sampler_options()->other()->text().isEmpty());
    dspin(section.sampler_options(), "sigma0")->setValue(0.3);
    QCOMPARE(nlohmann::json::parse(spec_of().sampler_options_json)["sigma0"].get<double>(), 0.3);
    section.sampler_combo()->setCurrentText("grid");
    spin(section.sampler_options(), "resolution")->setValue(7);
    QCOMPARE(nlohmann::json::parse(spec_of().sampler_options_json)["resolution"].get<int>(), 7);
    section.sampler_combo()->setCurrentText("gp");
    spin(section.sampler_options(), "n_startup_trials")->setValue(4);
    QCOMPARE(spec_of().sampler, std::string("gp"));
    QCOMPARE(nlohmann::json::parse(spec_of().sampler_options_json)["n_startup_trials"].get<int>(),
             4);
    // NSGA-II (multi-objective genetic sampler).
    QVERIFY(section.sampler_combo()->findText("nsga2") >= 0);
    section.sampler_combo()->setCurrentText("nsga2");
    QCOMPARE(spin(section.sampler_options(), "population_size")->value(), 50);
    spin(section.sampler_options(), "population_size")->setValue(12);
    dspin(section.sampler_options(), "crossover_prob")->setValue(0.7);
    QCOMPARE(spec_of().sampler, std::string("nsga2"));
    QVERIFY(nlohmann::json::parse(spec_of().sampler_options_json) ==
            nlohmann::json::parse(R"({"population_size": 12, "crossover_prob": 0.7})"));
    // Pruners.
    section.pruner_combo()->setCurrentText("percentile");
    StrategyOptionsForm* pruner = section.pruner_options();
    QCOMPARE(dspin(pruner, "percentile")->value(), 25.0);
    dspin(pruner, "percentile")->setValue(10);
    spin(pruner, "n_warmup_steps")->setValue(2);
    spin(pruner, "n_startup_trials")->setValue(1);
    spec = spec_of();
    QCOMPARE(spec.pruner, std::string("percentile"));
    QVERIFY(nlohmann::json::parse(spec.pruner_options_json) ==
            nlohmann::json::parse(R"({"percentile": 10.0, "n_startup_trials": 1,
                                       "n_warmup_steps": 2})"));
    section.pruner_combo()->setCurrentText("median");
    QVERIFY(section.pruner_options()->Editor("percentile") == nullptr);
    section.pruner_combo()->setCurrentText("hyperband");
    spin(section.pruner_options(), "min_resource")->setValue(2);
    spin(section.pruner_options(), "reduction_factor")->setValue(4);
    QVERIFY(nlohmann::json::parse(spec_of().pruner_options_json) ==
            nlohmann::json::parse(R"({"min_resource": 2, "reduction_factor": 4})"));
    section.pruner_combo()->setCurrentText("successive_halving");
    QVERIFY(section.pruner_options()->Editor("min_resource") != nullptr);
    QVERIFY(section.pruner_options()->Editor("max_resource") == nullptr);
    // Validation: k-fold CV over the experiment; a test function has none.
    QCOMPARE(spec_of().experiment.cv_folds, 0);
    section.validation_combo()->setCurrentIndex(1);
    QVERIFY(section.folds_spin()->isEnabled());
    section.folds_spin()->setValue(3);
    spec = spec_of();
    QCOMPARE(spec.experiment.cv_folds, 3);
    QCOMPARE(SettingsFromSpec(spec).cv_folds, 3);
    section.validation_combo()->setCurrentIndex(0);
    QVERIFY(!section.folds_spin()->isEnabled());
    QCOMPARE(spec_of().experiment.cv_folds, 0);
  }

  // Save... writes the section and the Experiment as a study spec; after both change, Load...
  // restores them. The file dialog is answered by the window's injected chooser.
  void LoadAndSaveButtonsRoundTripTheSpec() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("study.json");
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    std::vector<FileRequest> asked;
    w.SetFileChooser([&](QWidget*, const FileRequest& request) {
      asked.push_back(request);
      return path;
    });
    QSignalSpy errors(&w, &MainWindow::errorReported);
    SearchSection* section = w.experiment_panel()->search_section();
    QVERIFY(section != nullptr);
    section->SetExpanded(true);
    auto* save = section->findChild<QPushButton*>("searchSaveSpecButton");
    auto* load = section->findChild<QPushButton*>("searchLoadSpecButton");
    QVERIFY(save != nullptr && load != nullptr);
    auto spec_shown = [&] {
      Result<SearchSettings> settings = section->Settings();
      return settings.ok() ? BuildStudySpecJson(*settings, w.experiment_panel()->Config())
                           : settings.status().message();
    };

    SearchSettings kept;
    kept.name = "round-trip";
    kept.space = {FloatParam("optimizer.lr", 1e-3, 1e-1, /*log=*/true),
                  IntParam("model.hidden[0]", 8, 64)};
    kept.sampler = "random";
    kept.pruner = "none";
    kept.n_trials = 7;
    kept.seed = 11;
    kept.metric = "val_accuracy";
    kept.direction = Direction::kMaximize;
    section->SetSettings(kept);
    ExperimentConfig config = DemoConfig();
    config.data.source = "iris";
    config.model.hidden = {12};
    config.training.epochs = 5;
    w.experiment_panel()->SetConfig(config);
    const std::string expected = spec_shown();

    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(asked.size(), size_t{1});
    QVERIFY(asked[0].kind == FileRequest::Kind::kSave);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().toStdString(), expected);
    file.close();

    SearchSettings changed = kept;
    changed.space = DefaultSearchSpace();
    changed.sampler = "tpe";
    changed.n_trials = 3;
    changed.metric = "val_loss";
    changed.direction = Direction::kMinimize;
    section->SetSettings(changed);
    ExperimentConfig other = config;
    other.data.source = "wine";
    other.training.epochs = 9;
    w.experiment_panel()->SetConfig(other);
    QVERIFY(spec_shown() != expected);

    QTest::mouseClick(load, Qt::LeftButton);
    QCOMPARE(asked.size(), size_t{2});
    QVERIFY(asked[1].kind == FileRequest::Kind::kOpen);
    QCOMPARE(spec_shown(), expected);
    QCOMPARE(w.experiment_panel()->Config().data.source, std::string("iris"));
    QCOMPARE(w.experiment_panel()->Config().training.epochs, 5);

    // A cancelled dialog changes nothing.
    w.SetFileChooser([](QWidget*, const FileRequest&) { return QString(); });
    section->SetSettings(changed);
    const std::string before = spec_shown();
    QTest::mouseClick(load, Qt::LeftButton);
    QCOMPARE(spec_shown(), before);
    QCOMPARE(errors.count(), 0);
  }

  void CrossValidatedStudyRunsFromTheSection() {
    SearchSection section;
    SearchSettings settings;
    settings.space = {FloatParam("optimizer.lr", 1e-2, 1e-1, /*log=*/true)};
    settings.sampler = "random";
    settings.pruner = "none";
    settings.n_trials = 2;
    settings.cv_folds = 3;
    section.SetSettings(settings);
    QCOMPARE(section.validation_combo()->currentIndex(), 1);
    SearchView view;
    view.SetSection(&section);
    ExperimentConfig config = DemoConfig();
    config.data.source = "iris";
    config.model.hidden = {8};
    config.training.epochs = 3;
    QSignalSpy finished(&view, &ModeView::finished);
    QVERIFY(view.Start(config));
    QCOMPARE(view.spec()->experiment.cv_folds, 3);
    QVERIFY(finished.wait(testing::kRunTimeoutMs));
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(0).toString()));
    QCOMPARE(view.model()->rowCount(), 2);
    for (const TrialRecord& t : view.model()->trials()) {
      QVERIFY2(t.state == TrialState::kComplete, t.reason.c_str());
    }
  }
};

OPTISCOPE_UI_TEST(SearchSectionTest, search_section_test);
#include "search_section_test.moc"
