// The Search mode (offscreen): a 10-trial study fills the trials table and the history chart, the
// Search section's settings drive a real training study from the main window, 10,000 synthetic
// trials stay correct in the model, proxy and every chart, a study stored in SQLite reopens as it
// was left, and the section's settings round-trip through the study spec JSON.
#include "ui/views/search_view.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "engine/config/config_json.h"
#include "engine/search/study_spec.h"
#include "engine/search/test_functions.h"
#include "test_support.h"
#include "ui/charts/study_charts.h"
#include "ui/main_window.h"
#include "ui/models/trials_filter_model.h"
#include "ui/models/trials_model.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/search_section.h"
#include "ui/views/search_spec.h"

using namespace optiscope;
using namespace optiscope::ui;

namespace {

StudySpec BraninSpec(int n_trials, const std::string& name = "branin-test") {
  const std::string json = R"({"name": ")" + name + R"(", "sampler": {"type": "random", "seed": 7},
      "n_trials": )" + std::to_string(n_trials) +
                           R"(, "objective": {"function": "branin"}})";
  Result<StudySpec> spec = ParseStudySpec(json, "test");
  if (!spec.ok()) qFatal("%s", spec.status().message().c_str());
  return std::move(spec).value();
}

// Synthetic events of `n` trials: every 5th pruned (3 reports), every 7th failed, the rest complete
// with value (number % 100) and two reports.
std::vector<Event> SyntheticTrials(int first, int n) {
  std::vector<Event> events;
  for (int t = first; t < first + n; ++t) {
    const std::vector<TrialParam> params = {
        {"x", 0.01 * (t % 100) + 1e-3, ""},
        {"kind", static_cast<double>(t % 3), t % 3 == 0 ? "a" : (t % 3 == 1 ? "b" : "c")}};
    events.push_back(TrialStarted{"s", t, params});
    const int reports = t % 5 == 0 ? 3 : 2;
    for (int step = 1; step <= reports; ++step) {
      events.push_back(TrialReport{"s", t, step, 10.0 / step + (t % 100)});
    }
    TrialFinished f{"s", t, "complete", "", {static_cast<double>(t % 100)}, params, 0.5};
    if (t % 5 == 0) {
      f.state = "pruned";
      f.reason = "pruned at step 3";
    } else if (t % 7 == 0) {
      f.state = "failed";
      f.reason = "loss became NaN";
      f.values.clear();
    }
    events.push_back(f);
  }
  return events;
}

}  // namespace

class SearchViewTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { testing::IsolateSettings(); }

  void TenTrialStudyFillsTableAndHistory() {
    SearchView view;
    view.resize(1200, 800);
    QSignalSpy finished(&view, &ModeView::finished);
    QVERIFY(view.StartSpec(BraninSpec(10)));
    QVERIFY(view.IsRunning());
    QVERIFY(finished.wait(testing::kRunTimeoutMs));
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(0).toString()));
    QCOMPARE(view.model()->rowCount(), 10);
    QCOMPARE(view.proxy()->rowCount(), 10);
    // Every value is Branin at the trial's parameters.
    for (const TrialRecord& t : view.model()->trials()) {
      QCOMPARE(t.state, TrialState::kComplete);
      QCOMPARE(t.values.size(), size_t{1});
      QVERIFY(std::abs(t.values[0] - Branin(t.Find("x1")->value, t.Find("x2")->value)) < 1e-9);
    }
    const PlotScene& history = view.history_chart()->Scene();
    QCOMPARE(history.marks.at(0).points.size(), size_t{10});
    // The best-so-far line ends at the best value.
    double best = INFINITY;
    for (const TrialRecord& t : view.model()->trials()) best = std::min(best, t.values[0]);
    QCOMPARE(history.marks.at(1).points.back().y(), best);
    // Clicking a trial shows its configuration.
    view.SelectTrial(3);
    QVERIFY(view.trial_details()->toPlainText().contains("Trial 3: complete"));
    QVERIFY(view.trial_details()->toPlainText().contains("x1 = "));
    // Steering a finished study is refused with a message, never a crash.
    QSignalSpy errors(&view, &ModeView::errorReported);
    QVERIFY(!view.CloneSelectedTrial());
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.at(0).at(0).toString().contains("not running"));
    // Importance was computed at the end (off the GUI thread).
    QTRY_VERIFY_WITH_TIMEOUT(!view.importance_chart()->importances().empty(), 20000);
  }

  void SearchModeRunsTheSectionOverTheExperiment() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.resize(1500, 950);
    auto* view = qobject_cast<SearchView*>(w.mode_view(Mode::kSearch));
    QVERIFY(view != nullptr);
    SearchSection* section = view->section();
    QVERIFY(section != nullptr);
    ExperimentConfig config = DemoConfig();
    config.data.source = "iris";
    config.model.hidden = {16};
    config.training.epochs = 12;
    w.experiment_panel()->SetConfig(config);
    SearchSettings settings;
    settings.space = DefaultSearchSpace();
    settings.sampler = "tpe";
    settings.pruner = "median";
    settings.n_trials = qEnvironmentVariableIsSet("OPTISCOPE_SCREENSHOT_DIR") ? 40 : 6;
    settings.metric = "val_loss";
    section->SetSettings(settings);
    w.SetMode(Mode::kSearch);
    QSignalSpy finished(view, &ModeView::finished);
    QVERIFY(w.Run());
    QVERIFY(finished.wait(testing::kRunTimeoutMs));
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(0).toString()));
    QCOMPARE(view->model()->rowCount(), settings.n_trials);
    for (const TrialRecord& t : view->model()->trials()) {
      QVERIFY(t.state != TrialState::kRunning);
      QVERIFY(t.Find("optimizer.lr") != nullptr);
      // momentum is active exactly when optimizer.type is momentum.
      QCOMPARE(t.Find("optimizer.momentum") != nullptr,
               t.Find("optimizer.type")->label == "momentum");
      if (t.state == TrialState::kComplete) {
        QVERIFY(!t.intermediate.empty());
        QCOMPARE(t.intermediate.back().first, 12);
      }
    }
    QTemporaryDir dir;
    QVERIFY(view->ExportBest(dir.filePath("best.json")));
    Result<ExperimentConfig> best = LoadExperimentConfig(dir.filePath("best.json").toStdString());
    QVERIFY2(best.ok(), best.ok() ? "" : best.status().message().c_str());
    QCOMPARE(best->data.source, std::string("iris"));
    QVERIFY(view->ExportCsv(dir.filePath("trials.csv")));
    QFile csv(dir.filePath("trials.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), settings.n_trials + 1);
    QVERIFY(view->history_chart()->SaveImage(dir.filePath("history.svg")));
    QVERIFY(QFile(dir.filePath("history.svg")).size() > 1000);
    if (qEnvironmentVariableIsSet("OPTISCOPE_SCREENSHOT_DIR")) {
      QTRY_VERIFY_WITH_TIMEOUT(!view->importance_chart()->importances().empty(), 20000);
      QTRY_VERIFY_WITH_TIMEOUT(view->contour_chart()->grid() != nullptr, 20000);
      view->analysis_tabs()->setCurrentIndex(3);  // the interpolated contour
      view->SelectTrial(view->model()->trials().front().number);
      w.show();
      w.experiment_panel()->ensureWidgetVisible(section, 0, 0);
      w.experiment_panel()->horizontalScrollBar()->setValue(0);
      QTest::qWait(50);
      testing::SaveScreenshot(&w, "screenshot-search.png");
      for (int i = 0; i < view->analysis_tabs()->count(); ++i) {
        view->analysis_tabs()->setCurrentIndex(i);
        testing::SaveScreenshot(view->analysis_tabs(), "screenshot-search-tab" + QString::number(i) + ".png");
      }
    }
  }

  void TenThousandSyntheticTrialsStayCorrect() {
    SearchView view;
    view.resize(1200, 800);
    TrialsModel* model = view.model();
    model->Reset({"value"}, {"x", "kind"});
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    constexpr int kTrials = 10000;
    constexpr int kBatch = 500;
    for (int first = 0; first < kTrials; first += kBatch) {
      view.IngestEvents(SyntheticTrials(first, kBatch));
    }
    QCOMPARE(model->rowCount(), kTrials);
    QCOMPARE(inserted.count(), kTrials / kBatch);  // one insertion per batch
    int pruned = 0;
    int failed = 0;
    for (int t = 0; t < kTrials; ++t) {
      pruned += t % 5 == 0;
      failed += t % 5 != 0 && t % 7 == 0;
    }
    const int complete = kTrials - pruned - failed;
    QCOMPARE(model->num_finished(), kTrials);
    // Filters by state and text.
    view.proxy()->SetStateVisible(TrialState::kComplete, false);
    view.proxy()->SetStateVisible(TrialState::kFailed, false);
    QCOMPARE(view.proxy()->rowCount(), pruned);
    view.proxy()->SetStateVisible(TrialState::kFailed, true);
    view.proxy()->SetText("NaN");
    QCOMPARE(view.proxy()->rowCount(), failed);
    view.proxy()->SetText(QString());
    view.proxy()->SetStateVisible(TrialState::kComplete, true);
    QCOMPARE(view.proxy()->rowCount(), kTrials);
    // Sorting by value puts a 0 first (NaN values of failed trials sort last).
    view.table()->sortByColumn(TrialsModel::kFirstValueColumn, Qt::AscendingOrder);
    QCOMPARE(view.proxy()->index(0, TrialsModel::kFirstValueColumn).data().toString(),
             QString("0"));
    QVERIFY(view.proxy()
                ->index(kTrials - 1, TrialsModel::kFirstValueColumn)
                .data()
                .toString()
                .isEmpty());
    // Charts: every complete trial in the history, bounded lines elsewhere; each renders.
    QCOMPARE(view.history_chart()->Scene().marks.at(0).points.size(), size_t(complete));
    QVERIFY(view.parallel_chart()->Scene().marks.size() <= size_t(StudyParallelChart::kMaxLines));
    QVERIFY(view.intermediate_chart()->Scene().marks.size() <=
            size_t(StudyIntermediateChart::kMaxCurves) + 4);
    QCOMPARE(view.edf_chart()->Scene().marks.at(0).points.back().y(), 1.0);
    QCOMPARE(view.slice_chart()->param(), QString("x"));
    QVERIFY(view.pareto_chart()->Scene().marks.empty());  // one objective: a message
    QImage image(900, 600, QImage::Format_ARGB32);
    for (StudyPlot* chart : view.findChildren<StudyPlot*>()) {
      chart->resize(900, 600);
      QPainter painter(&image);
      chart->Render(&painter, QRect(0, 0, 900, 600));
    }
    QCOMPARE(model->ToCsv().count('\n'), kTrials + 1);
  }

  void TwoObjectivesShowTheParetoFront() {
    SearchView view;
    TrialsModel* model = view.model();
    model->Reset({"loss", "seconds"});
    model->SetDirections({Direction::kMinimize, Direction::kMinimize});
    std::vector<Event> events;
    const double points[][2] = {{1, 5}, {2, 3}, {3, 4}, {4, 1}, {5, 5}};
    for (int t = 0; t < 5; ++t) {
      events.push_back(TrialFinished{"s", t, "complete", "", {points[t][0], points[t][1]}, {}, 0});
    }
    view.IngestEvents(events);
    const PlotScene& s = view.pareto_chart()->Scene();
    QCOMPARE(s.marks.size(), size_t{3});
    QCOMPARE(s.marks[0].points.size(), size_t{5});
    QCOMPARE(s.marks[2].trials, (std::vector<int>{0, 1, 3}));
  }

  void StoredStudyReopensAsItWasLeft() {
    QTemporaryDir dir;
    const QString db = dir.filePath("studies.db");
    std::vector<TrialRecord> ran;
    {
      SearchView view;
      QSignalSpy finished(&view, &ModeView::finished);
      QVERIFY(view.StartSpec(BraninSpec(10, "kept"), "sqlite:" + db.toStdString()));
      QVERIFY(finished.wait(testing::kRunTimeoutMs));
      ran = view.model()->trials();
    }
    SearchView reopened;
    QSignalSpy loaded(&reopened, &SearchView::studyLoaded);
    QVERIFY(reopened.OpenStudy(db));
    QVERIFY(loaded.wait(20000));
    QCOMPARE(loaded.at(0).at(0).toBool(), true);
    QCOMPARE(reopened.model()->rowCount(), 10);
    for (size_t i = 0; i < ran.size(); ++i) {
      const TrialRecord* t = reopened.model()->Find(ran[i].number);
      QVERIFY(t != nullptr);
      QCOMPARE(t->values, ran[i].values);
      QCOMPARE(t->params.size(), ran[i].params.size());
    }
    QCOMPARE(reopened.history_chart()->Scene().marks.at(0).points.size(), size_t{10});
    QSignalSpy error(&reopened, &ModeView::errorReported);
    QVERIFY(!reopened.OpenStudy(dir.filePath("missing.db")));
    QCOMPARE(error.count(), 1);
  }

  void SectionSettingsRoundTripThroughTheSpec() {
    SearchSection section;
    SearchSettings settings;
    settings.space = DefaultSearchSpace();
    settings.sampler = "random";
    settings.pruner = "hyperband";
    settings.n_trials = 17;
    settings.parallel = 2;
    settings.second_metric = "n_parameters";
    section.SetSettings(settings);
    Result<SearchSettings> read = section.Settings();
    QVERIFY2(read.ok(), read.ok() ? "" : read.status().message().c_str());
    Result<StudySpec> spec = ParseStudySpec(BuildStudySpecJson(*read, DemoConfig()), "section");
    QVERIFY2(spec.ok(), spec.ok() ? "" : spec.status().message().c_str());
    QCOMPARE(spec->n_trials, 17);
    QCOMPARE(spec->n_jobs, 2);
    QCOMPARE(spec->pruner, std::string("hyperband"));
    QCOMPARE(spec->directions.size(), size_t{2});
    QCOMPARE(spec->space.size(), 4);
    QVERIFY(spec->space.params()[3].condition.has_value());
    const SearchSettings back = SettingsFromSpec(*spec);
    QCOMPARE(back.space.size(), size_t{4});
    QCOMPARE(back.space[1].name, std::string("model.hidden[0]"));
    QCOMPARE(back.space[1].kind, ParamKind::kInt);
    QVERIFY(back.space[1].log);
    QCOMPARE(back.second_metric, std::string("n_parameters"));
    // A bad row is named.
    section.space_table()->item(0, 2)->setText("abc");
    Result<SearchSettings> bad = section.Settings();
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.status().message()).contains("row 1"));
    section.space_table()->item(0, 2)->setText("0.5");  // low 0.5 > high 0.1
    QVERIFY(!section.Settings().ok());
  }
};

OPTISCOPE_UI_TEST(SearchViewTest, search_view_test);
#include "search_view_test.moc"
