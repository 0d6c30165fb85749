// CompressionView: a 3-point sweep draws 3 points in every trade-off chart and 3 latency bars, the
// Pareto front is highlighted, histograms follow the selected point; a real sweep on the digits
// model streams through the JobRunner (screenshot with OPTISCOPE_SCREENSHOT_DIR).
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>

#include "engine/compress/compressed_model_file.h"
#include "engine/compress/sweep.h"
#include "engine/train/experiment.h"
#include "tests/ui/test_support.h"
#include "ui/charts/latency_chart.h"
#include "ui/charts/tradeoff_chart.h"
#include "ui/charts/weight_histogram_chart.h"
#include "ui/flow_layout.h"
#include "ui/main_window.h"
#include "ui/modes.h"
#include "ui/views/compression_view.h"
#include "ui/views/compression_view_controls.h"

using namespace optiscope;
using optiscope::ui::CompressionView;

namespace {

SweepPoint Point(int index, double bits, double accuracy, long long bytes, bool pareto) {
  SweepPoint p;
  p.index = index;
  p.label = "p" + std::to_string(index);
  p.bits = bits;
  p.accuracy = accuracy;
  p.rmse = std::nan("");
  p.bytes = bytes;
  p.float_bytes = 68904;
  p.latency_ms = 0.1 * (index + 1);
  p.pareto = pareto;
  p.weights_after = {WeightHistogram{-1, 1, {0, 5, 0}}};
  return p;
}

}  // namespace

class CompressionViewTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { ui::testing::IsolateSettings(); }

  void ThreePointSweepDrawsThreePoints() {
    CompressionView view;
    SweepStarted started;
    started.total_points = 3;
    started.metric_name = "accuracy";
    started.weights_before = {WeightHistogram{-1, 1, {1, 2, 3}}};
    // float32 (big, best), int8 (small, as good: dominates nothing better), binary (tiny, worse).
    view.AddEvents({started, Point(0, 32, 0.97, 68904, false), Point(1, 8, 0.97, 17000, true),
                    Point(2, 1, 0.60, 3000, true)});
    QCOMPARE(view.points().size(), size_t{3});
    QCOMPARE(view.size_chart()->points_series()->count(), 3);
    QCOMPARE(view.bits_chart()->points_series()->count(), 3);
    QCOMPARE(view.sparsity_chart()->points_series()->count(), 3);
    QCOMPARE(view.latency_chart()->bars()->count(), 3);
    // The engine-computed Pareto flags: float32 is dominated by int8 (same accuracy, smaller).
    QCOMPARE(view.size_chart()->pareto_series()->count(), 2);
    QCOMPARE(view.size_chart()->pareto_series()->at(0), QPointF(3000 / 1024.0, 60.0));
    QCOMPARE(view.histogram_chart()->before_series()->count(), 6);  // 3 bins as steps
    QVERIFY(view.size_chart()->ToCsv().count('\n') == 4);
    // The selector starts on the best compressed Pareto point, not on float32.
    SweepFinished done;
    done.points = view.points();
    MarkPareto(done.points);
    view.AddEvents({done});
    QCOMPARE(view.SelectedPoint(), 1);
  }

  void GridControlsSetTheNumberOfPoints() {
    CompressionView view;
    SweepOptions options;
    options.bits = {32, 8};
    options.sparsities = {0.0};
    view.SetSweepOptions(options);
    ui::CompressionControls* c = view.controls();
    QCOMPARE(view.PlannedPoints(), 2);
    c->bits_box(4)->setChecked(true);
    QCOMPARE(view.PlannedPoints(), 3);
    c->sparsity_edit()->setText("0,0.5,0.7,0.9");
    QCOMPARE(view.PlannedPoints(), 12);
    c->sparsity_edit()->setText("0,1.5");
    QCOMPARE(view.PlannedPoints(), 0);  // invalid level
    c->sparsity_edit()->setText("0.7");
    for (double b : {32.0, 8.0, 4.0}) c->bits_box(b)->setChecked(false);
    QCOMPARE(view.PlannedPoints(), 0);  // no bit-width
    c->bits_box(1.58)->setChecked(true);
    QCOMPARE(view.PlannedPoints(), 1);
  }

  void GridControlsDriveTheRunAndExportWritesALoadableFile() {
    CompressionView view;
    SweepOptions options;
    options.bits = {32, 8, 4};
    options.sparsities = {0.0};
    options.base.latency_repeats = 1;
    view.SetSweepOptions(options);
    view.controls()->epochs_box()->setValue(0);
    ExperimentConfig config = DemoConfig();
    config.training.epochs = 3;
    QSignalSpy finished(&view, &ui::ModeView::finished);
    QVERIFY(view.Start(config));
    QVERIFY(finished.wait(60000));
    QCOMPARE(view.points().size(), size_t{3});
    view.controls()->bits_box(4)->setChecked(false);
    QVERIFY(view.Start(config));
    QVERIFY(finished.wait(60000));
    QCOMPARE(view.points().size(), size_t{2});
    QCOMPARE(view.size_chart()->points_series()->count(), 2);
    // int8 is the only compressed point: it is selected, and Export writes it.
    QCOMPARE(view.SelectedPoint(), 1);
    const QString path = QDir::temp().filePath("compression_view_test.optq");
    QSignalSpy exported(&view, &CompressionView::exported);
    QVERIFY(view.ExportSelected(path));
    QVERIFY(exported.wait(60000));
    QCOMPARE(exported.at(0).at(1).toString(), QString());
    auto loaded = LoadCompressedModel(path.toStdString());
    QVERIFY2(loaded.ok(), loaded.status().ToString().c_str());
    QVERIFY(loaded->layers[0].quantized);
    QCOMPARE(loaded->layers[0].format, QuantFormat::kInt8);
    QCOMPARE(loaded->StorageBytes(), view.points()[1].bytes);
    QFile::remove(path);
  }

  // The grid editor's controls wrap onto more rows as the view narrows, each keeping its whole
  // text (the pruning kind was cut to "unstru" at 1024 px); wide, they take at most two rows.
  void GridControlsWrapWithoutCuttingText() {
    CompressionView view;
    view.show();
    ui::CompressionControls* controls = view.controls();
    auto* flow = dynamic_cast<ui::FlowLayout*>(controls->layout());
    QVERIFY(flow);
    int previous_rows = 0;
    for (int width : {1400, 1000, 620, 420}) {
      view.resize(width, 700);
      QCoreApplication::processEvents();  // the layouts settle
      const int rows = flow->RowsAt(controls->width());
      QVERIFY2(rows >= previous_rows, qPrintable(QString::number(width)));
      previous_rows = rows;
      QVERIFY(controls->height() >= flow->heightForWidth(controls->width()));
      QComboBox* kind = controls->pruning_box();
      QVERIFY2(kind->width() >= kind->sizeHint().width(), qPrintable(QString::number(width)));
      QVERIFY(kind->sizeHint().width() >
              kind->fontMetrics().horizontalAdvance(QStringLiteral("structured (L2)")));
      QVERIFY(controls->sparsity_edit()->width() >= controls->sparsity_edit()->minimumWidth());
      for (double bits : {32.0, 8.0, 1.0}) {
        QCheckBox* box = controls->bits_box(bits);
        QVERIFY(box->width() >= box->sizeHint().width());
        const QRect in_controls(box->mapTo(controls, QPoint(0, 0)), box->size());
        QVERIFY(controls->rect().contains(in_controls));
      }
      if (width == 1400) QVERIFY2(rows <= 2, qPrintable(QString::number(rows)));
    }
    QVERIFY(previous_rows >= 3);  // narrow, it did wrap
  }

  void ModeIsRegistered() {
    bool found = false;
    for (const auto& m : ui::AvailableModes()) found |= m.label == "Compress";
    QVERIFY(found);
    ui::MainWindow window;
    window.SetErrorDialogsEnabled(false);
    QVERIFY(dynamic_cast<CompressionView*>(window.mode_view(ui::Mode::kCompress)));
  }

  void RealSweepStreamsThroughTheRunner() {
    CompressionView view;
    view.resize(1500, 900);
    SweepOptions options;
    options.bits = {32, 8, 4, 1.58, 1};
    options.sparsities = {0.0, 0.7};
    options.base.fine.epochs = 4;
    options.base.latency_repeats = 3;
    view.SetSweepOptions(options);
    ExperimentConfig config = DemoConfig();
    config.training.epochs = 10;
    QSignalSpy finished(&view, &ui::ModeView::finished);
    QVERIFY(view.Start(config));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QCOMPARE(view.points().size(), size_t{10});
    QCOMPARE(view.size_chart()->points_series()->count(), 10);
    const QString dir = qEnvironmentVariable("OPTISCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
      view.show();
      QTest::qWait(200);
      QVERIFY(view.grab().save(dir + "/screenshot-compression.png"));
    }
  }
};

OPTISCOPE_UI_TEST(CompressionViewTest, compression_view_test);
#include "compression_view_test.moc"
