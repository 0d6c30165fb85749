// The Data section's column inspector (offscreen): a CSV with a copy of its target is flagged,
// ticking Ignore leaves the column out of the GUI's run and of the exported configuration, a loaded
// configuration's data.drop_columns shows as ignored, and generated data cannot ignore columns.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardItem>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "engine/config/config_json.h"
#include "engine/core/str_cat.h"
#include "main_window_helpers.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/setup/data_inspector.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/histogram_bars.h"
#include "ui/setup/preview_table.h"
#include "ui/views/training_view.h"

using optiscope::ExperimentConfig;
using optiscope::RunFinished;
using optiscope::ui::DataInspector;
using optiscope::ui::DataSection;
using optiscope::ui::MainWindow;
using optiscope::ui::TrainingView;
using optiscope::ui::testing::kRunTimeoutMs;

namespace {

// 120 rows: price = x1 + an unrelated wiggle, price_copy = 2 price + 1 (a leak), x2 noise.
QString WriteLeakyCsv(const QTemporaryDir& dir) {
  std::string csv = "x1,x2,price_copy,price\n";
  for (int i = 0; i < 120; ++i) {
    const double x1 = (i * 53 % 97) / 7.0;
    const double x2 = (i * 29 % 89) / 3.0;
    const double price = x1 + (i * 37 % 101) / 10.0;
    optiscope::StrAppend(&csv, {optiscope::ShortestText(x1), ",", optiscope::ShortestText(x2),
                                ",", optiscope::ShortestText(2 * price + 1), ",",
                                optiscope::ShortestText(price), "\n"});
  }
  const QString path = dir.filePath("leaky.csv");
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return QString();
  file.write(csv.data(), static_cast<qint64>(csv.size()));
  return path;
}

// Closed-form linear regression on `source`: fitted in one call, so the runs here are instant.
ExperimentConfig LinearOn(const QString& source) {
  ExperimentConfig c = optiscope::DemoConfig();
  c.data.source = source.toStdString();
  c.model.type = optiscope::ModelType::kLinear;
  c.model.params["solver"] = std::string("closed_form");
  return c;
}

// Sets the configuration and waits for its preview (and profile).
bool SetConfigAndWait(MainWindow& w, const ExperimentConfig& c) {
  QSignalSpy spy(w.experiment_panel()->data_section(), &DataSection::previewUpdated);
  w.experiment_panel()->SetConfig(c);
  return spy.wait(20000);
}

// Runs Train to the end; the test R² (NaN when the run failed).
double TrainR2(MainWindow& w) {
  QSignalSpy finished(w.training_view(), &TrainingView::runFinished);
  if (!w.Run() || !finished.wait(kRunTimeoutMs)) return std::nan("");
  const auto f = finished.at(0).at(0).value<RunFinished>();
  return f.status == optiscope::RunEnd::kOk ? f.test_r2 : std::nan("");
}

}  // namespace

class DataInspectorTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void ShowsEachColumnsFiguresAndFlagsTheCopy() {
    QTemporaryDir dir;
    const QString csv = WriteLeakyCsv(dir);
    QVERIFY(!csv.isEmpty());
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    QVERIFY(SetConfigAndWait(w, LinearOn(csv)));
    DataSection* data = w.experiment_panel()->data_section();
    DataInspector* inspector = data->inspector();
    QCOMPARE(inspector->table()->model()->rowCount(), 4);
    QCOMPARE(inspector->CellText("price", DataInspector::kIgnoreColumn), QString("target"));
    QVERIFY(inspector->IgnoreSwitch("price") == nullptr);
    QCOMPARE(inspector->CellText("x1", DataInspector::kTypeColumn), QString("num"));
    QCOMPARE(inspector->CellText("x1", DataInspector::kMissingColumn), QString("0"));
    QCOMPARE(inspector->CellText("x1", DataInspector::kMinColumn), QString("0"));
    QCOMPARE(inspector->CellText("price_copy", DataInspector::kTargetColumn), QString("r 1.000"));
    QVERIFY(inspector->CellText("x2", DataInspector::kTargetColumn).startsWith("r "));
    // The leak is named above the preview, with a link that ignores it; the noise is not.
    const QString warning = data->LeakageWarning();
    QVERIFY2(warning.contains("price_copy") && warning.contains("nearly a copy of the target"),
             qPrintable(warning));
    QVERIFY(warning.contains("ignore:price_copy"));
    QVERIFY(!warning.contains("x2"));
    // Selecting a row shows its details and histogram.
    inspector->table()->setCurrentIndex(
        inspector->table()->model()->index(inspector->RowOf("x2"), DataInspector::kNameColumn));
    QVERIFY2(inspector->DetailsText().contains("x2 · numeric"),
             qPrintable(inspector->DetailsText()));
    QVERIFY(inspector->DetailsText().contains("120 rows · 0 missing"));
    QVERIFY(inspector->histogram()->BarCount() > 1);
    data->ShowColumnsTab(true);
    QVERIFY(inspector->isVisible());
    QVERIFY(!w.findChild<optiscope::ui::PreviewTable*>("previewTable")->isVisible());
    optiscope::ui::testing::SaveScreenshot(data, "screenshot-data-inspector.png");
  }

  // The Ignore switch drives data.drop_columns: the GUI's run and the exported file leave the
  // column out (the copy that made R² 1 is gone), and untick brings it back.
  void IgnoredColumnIsLeftOutOfTheRunAndTheExport() {
    QTemporaryDir dir;
    const QString csv = WriteLeakyCsv(dir);
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    QVERIFY(SetConfigAndWait(w, LinearOn(csv)));
    QVERIFY(TrainR2(w) > 0.9999);  // with the copy the model reads the answer off it
    DataSection* data = w.experiment_panel()->data_section();
    QStandardItem* ignore = data->inspector()->IgnoreSwitch("price_copy");
    QVERIFY(ignore != nullptr);
    ignore->setCheckState(Qt::Checked);  // as a click on the switch does
    QCOMPARE(data->IgnoredColumns(), QStringList{"price_copy"});
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns, std::string("price_copy"));
    QVERIFY(data->LeakageWarning().isEmpty());
    QVERIFY(data->inspector()->IsIgnored("price_copy"));
    QVERIFY(w.findChild<optiscope::ui::PreviewTable*>("previewTable")->HeaderText(2).contains(
        "ignored"));

    const double r2 = TrainR2(w);
    QVERIFY2(std::isfinite(r2) && r2 < 0.99, qPrintable(QString::number(r2)));

    const QString path = dir.filePath("run.json");
    QVERIFY(w.ExportConfig(path));
    auto loaded = optiscope::LoadExperimentConfig(path.toStdString());
    QVERIFY2(loaded.ok(), loaded.status().message().c_str());
    QCOMPARE(loaded->data.drop_columns, std::string("price_copy"));

    ignore->setCheckState(Qt::Unchecked);
    QVERIFY(data->IgnoredColumns().isEmpty());
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns, std::string());
    QVERIFY(data->LeakageWarning().contains("price_copy"));
  }

  void TheWarningsLinkIgnoresTheColumn() {
    QTemporaryDir dir;
    const QString csv = WriteLeakyCsv(dir);
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    QVERIFY(SetConfigAndWait(w, LinearOn(csv)));
    auto* label = w.findChild<QLabel*>("leakageWarning");
    QVERIFY(label != nullptr);
    emit label->linkActivated("columns");  // shows the inspector
    QVERIFY(w.experiment_panel()->data_section()->inspector()->isVisibleTo(&w));
    emit label->linkActivated("ignore:price_copy");
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns, std::string("price_copy"));
    QVERIFY(w.experiment_panel()->data_section()->inspector()->IsIgnored("price_copy"));
  }

  // A configuration's data.drop_columns shows as ignored, survives load -> export, and another
  // dataset starts with every column used.
  void LoadedDropColumnsShowAsIgnored() {
    QTemporaryDir dir;
    const QString config_path = dir.filePath("iris.json");
    ExperimentConfig c = optiscope::DemoConfig();
    c.data.source = "iris";
    c.data.drop_columns = " sepal_width , petal_length";
    QVERIFY(optiscope::SaveExperimentConfig(c, config_path.toStdString()).ok());
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.show();
    DataSection* data = w.experiment_panel()->data_section();
    QSignalSpy preview(data, &DataSection::previewUpdated);
    QVERIFY(w.LoadConfigFile(config_path));
    QVERIFY(preview.wait(20000));
    QVERIFY(data->inspector()->IsIgnored("sepal_width"));
    QVERIFY(data->inspector()->IsIgnored("petal_length"));
    QVERIFY(!data->inspector()->IsIgnored("sepal_length"));
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns,
             std::string("sepal_width,petal_length"));
    QVERIFY(data->PreviewRowCount() > 0);

    QVERIFY(optiscope::ui::testing::ChooseBuiltin(w, "wine"));
    QVERIFY(data->IgnoredColumns().isEmpty());
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns, std::string());
  }

  void AnUnknownDroppedNameIsReportedBeforeTheRun() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    ExperimentConfig c = optiscope::DemoConfig();
    c.data.source = "iris";
    c.data.drop_columns = "sepal_wdth";
    QVERIFY(SetConfigAndWait(w, c));
    const QString warning = w.experiment_panel()->data_section()->LeakageWarning();
    QVERIFY2(warning.contains("sepal_wdth") && warning.contains("not a column"),
             qPrintable(warning));
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns, std::string("sepal_wdth"));
  }

  void GeneratedDataHasNoIgnoreSwitches() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    ExperimentConfig c = optiscope::DemoConfig();
    c.data.source = "synthetic";
    QVERIFY(SetConfigAndWait(w, c));
    DataSection* data = w.experiment_panel()->data_section();
    QCOMPARE(data->inspector()->table()->model()->rowCount(), 3);  // x1, x2, the label
    QVERIFY(data->inspector()->IgnoreSwitch("x1") == nullptr);
    QVERIFY(!data->SetColumnIgnored("x1", true));
    QCOMPARE(w.experiment_panel()->Config().data.drop_columns, std::string());
  }
};

OPTISCOPE_UI_TEST(DataInspectorTest, data_inspector_test);
#include "data_inspector_test.moc"
