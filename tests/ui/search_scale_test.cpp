// The Search view at 10,000 trials (offscreen): a study of 10,000 finished trials written through
// the engine's SQLite StudyStore opens in the view (Open study), the table is virtualised, every
// analysis tab paints with bounded marks, importance and the contour grid arrive later from their
// worker threads, and clicking a trial (a real mouse click on the table) shows its intermediate
// values and configuration. Prints the load and paint times (no timed assertion).
#include <QElapsedTimer>
#include <QHeaderView>
#include <QImage>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "engine/core/rng.h"
#include "engine/search/storage.h"
#include "engine/search/study_spec.h"
#include "engine/search/test_functions.h"
#include "test_support.h"
#include "ui/charts/study_charts.h"
#include "ui/models/trials_filter_model.h"
#include "ui/models/trials_model.h"
#include "ui/views/search_view.h"

using namespace optiscope;
using namespace optiscope::ui;

namespace {

constexpr int kTrials = 10000;

// Writes `n` Branin trials (x1, x2 uniform; every 10th pruned after 2 reports, the rest complete
// after 3 reports) into study `name` of the SQLite file `path`.
void WriteStudy(const std::string& path, const std::string& name, int n) {
  const std::string json = R"({"name": ")" + name + R"(", "sampler": "random", "n_trials": )" +
                           std::to_string(n) + R"(, "objective": {"function": "branin"}})";
  Result<StudySpec> spec = ParseStudySpec(json, "test");
  QVERIFY2(spec.ok(), spec.ok() ? "" : spec.status().message().c_str());
  Result<std::unique_ptr<StudyStore>> store = OpenSqliteStudyStore(path);
  QVERIFY2(store.ok(), store.ok() ? "" : store.status().message().c_str());
  QVERIFY((*store)->CreateOrOpenStudy(name, spec->text, spec->directions).ok());
  Rng rng(11);
  for (int i = 0; i < n; ++i) {
    const double x1 = -5 + 15 * rng.Uniform();
    const double x2 = 15 * rng.Uniform();
    Result<int> number = (*store)->StartTrial(name, {{"x1", x1, ""}, {"x2", x2, ""}}, "");
    QVERIFY(number.ok());
    const double value = Branin(x1, x2);
    const bool pruned = i % 10 == 9;
    for (int step = 1; step <= (pruned ? 2 : 3); ++step) {
      QVERIFY((*store)->ReportIntermediate(name, *number, step, value + 10.0 / step).ok());
    }
    TrialRecord record;
    record.number = *number;
    record.state = pruned ? TrialState::kPruned : TrialState::kComplete;
    record.values = {pruned ? value + 5.0 : value};
    record.reason = pruned ? "pruned at step 2" : "";
    record.seconds = 0.01;
    QVERIFY((*store)->FinishTrial(name, record).ok());
  }
}

// Distinct colours of an image (sampled on a grid): a painted chart has many, a blank one few.
int DistinctColours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 4) {
    for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
  }
  return colours.size();
}

}  // namespace

class SearchScaleTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { testing::IsolateSettings(); }

  void TenThousandStoredTrialsOpenPaintAndSelect() {
    QTemporaryDir dir;
    const QString db = dir.filePath("big.db");
    QElapsedTimer write_timer;
    write_timer.start();
    WriteStudy(db.toStdString(), "big", kTrials);
    if (QTest::currentTestFailed()) return;
    const qint64 write_ms = write_timer.elapsed();

    SearchView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy loaded(&view, &SearchView::studyLoaded);
    QSignalSpy importance(&view, &SearchView::importanceUpdated);
    QSignalSpy contour(&view, &SearchView::contourUpdated);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(view.OpenStudy(db, "big"));
    QVERIFY(loaded.wait(testing::kRunTimeoutMs));
    QCOMPARE(loaded.at(0).at(0).toBool(), true);
    const qint64 load_ms = timer.elapsed();
    // Importance and the contour grid are computed on worker threads: not there yet.
    QCOMPARE(importance.count(), 0);
    QVERIFY(view.contour_chart()->grid() == nullptr);

    // The table is virtualised: 10,000 rows in the model and view, only a screenful laid out.
    QCOMPARE(view.model()->rowCount(), kTrials);
    QCOMPARE(view.table()->model()->rowCount(), kTrials);
    QTRY_VERIFY(view.table()->verticalScrollBar()->maximum() > 0);  // laid out lazily
    const int last_visible = view.table()->rowAt(view.table()->viewport()->height() - 1);
    QVERIFY2(last_visible > 0 && last_visible < 200, qPrintable(QString::number(last_visible)));

    // Every tab paints, with bounded marks.
    QElapsedTimer paint_timer;
    paint_timer.start();
    QTabWidget* tabs = view.analysis_tabs();
    QStringList tab_ms;
    for (int i = 0; i < tabs->count(); ++i) {
      QElapsedTimer tab_timer;
      tab_timer.start();
      tabs->setCurrentIndex(i);
      const QImage image = tabs->grab().toImage();
      tab_ms << QStringLiteral("%1 %2").arg(tabs->tabText(i)).arg(tab_timer.elapsed());
      QVERIFY(!image.isNull());
      QVERIFY2(DistinctColours(image) > 8, qPrintable(tabs->tabText(i)));
    }
    const qint64 paint_ms = paint_timer.elapsed();
    const int complete = kTrials - kTrials / 10;
    QCOMPARE(view.history_chart()->Scene().marks.at(0).points.size(), size_t(complete));
    QVERIFY(view.parallel_chart()->Scene().marks.size() <= size_t(StudyParallelChart::kMaxLines));
    QVERIFY(view.intermediate_chart()->Scene().marks.size() <=
            size_t(StudyIntermediateChart::kMaxCurves) + 4);

    // Importance (fANOVA) and the contour grid arrive later from their threads.
    QElapsedTimer analysis_timer;
    analysis_timer.start();
    QVERIFY(importance.count() > 0 || importance.wait(testing::kRunTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(view.contour_chart()->grid() != nullptr, testing::kRunTimeoutMs);
    const qint64 analysis_ms = analysis_timer.elapsed();
    QCOMPARE(view.importance_chart()->importances().size(), size_t{2});
    const ContourGrid* grid = view.contour_chart()->grid();
    QCOMPARE(grid->x.name, std::string("x1"));
    QCOMPARE(grid->y.name, std::string("x2"));
    const PlotScene& scene = view.contour_chart()->Scene();
    QCOMPARE(scene.surface.colors.size(), grid->values.size());
    QCOMPARE(scene.marks.back().points.size(), size_t(complete));
    tabs->setCurrentIndex(3);
    QVERIFY(DistinctColours(tabs->grab().toImage()) > 20);

    // A real click on a row shows that trial's curve and configuration.
    view.table()->sortByColumn(TrialsModel::kNumberColumn, Qt::AscendingOrder);
    const QModelIndex index = view.proxy()->index(5, TrialsModel::kStateColumn);
    view.table()->scrollTo(index);
    QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {},
                      view.table()->visualRect(index).center());
    QCOMPARE(view.selected_trial(), std::optional<int>(5));
    const PlotScene& curve = view.trial_curve()->Scene();
    QCOMPARE(curve.marks.size(), size_t{1});
    QCOMPARE(curve.marks[0].points.size(), size_t{3});
    QCOMPARE(curve.marks[0].points.back().x(), 3.0);
    QCOMPARE(curve.marks[0].points.back().y(), view.model()->Find(5)->values[0] + 10.0 / 3);
    QVERIFY(view.trial_details()->toPlainText().startsWith("Trial 5: complete"));
    QVERIFY(view.trial_details()->toPlainText().contains("x1 = "));
    // A pruned one: its two reports.
    view.SelectTrial(9);
    QCOMPARE(view.trial_curve()->Scene().marks.at(0).points.size(), size_t{2});
    QVERIFY(view.trial_details()->toPlainText().contains("pruned at step 2"));

    qInfo(
        "10,000 trials: write %lld ms (SQLite, one transaction per call), open+load %lld ms, "
        "paint all %d tabs %lld ms (%s), importance+contour later %lld ms",
        write_ms, load_ms, tabs->count(), paint_ms, qPrintable(tab_ms.join(", ")), analysis_ms);
  }
};

OPTISCOPE_UI_TEST(SearchScaleTest, search_scale_test);
#include "search_scale_test.moc"
