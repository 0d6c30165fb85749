// The Model section's generated editors and the Training view after a classic run (offscreen):
// every catalog family is listed, random_forest's n_estimators editor feeds Config(), and a tree
// trained on iris through MainWindow::Run shows its test metrics and confusion matrix.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <cmath>

#include "engine/config/model_catalog.h"
#include "main_window_helpers.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/model_section.h"
#include "ui/views/confusion_matrix_view.h"
#include "ui/views/metrics_readout.h"
#include "ui/views/training_view.h"

using optiscope::RunFinished;
using optiscope::ui::DataSection;
using optiscope::ui::TrainingView;
using optiscope::ui::MainWindow;
using optiscope::ui::ModelSection;

using optiscope::ui::testing::ChooseBuiltin;

class ModelSectionTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void ListsEveryFamilyFromTheCatalog() {
    ModelSection section;
    auto* type = section.findChild<QComboBox*>("modelTypeCombo");
    QVERIFY(type);
    QCOMPARE(type->count(), static_cast<int>(optiscope::ModelCatalog().size()));
    QCOMPARE(type->itemText(0), QString("linear"));
    QVERIFY(type->findText("gradient_boosting") >= 0);
    QVERIFY(type->findText("knn") >= 0);
  }

  void RandomForestEditorsFeedConfig() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    ModelSection* section = w.experiment_panel()->model_section();
    auto* type = section->findChild<QComboBox*>("modelTypeCombo");
    type->setCurrentText("random_forest");
    auto* trees = qobject_cast<QSpinBox*>(section->ParamEditor("n_estimators"));
    QVERIFY(trees);
    QCOMPARE(trees->value(), 100);
    QVERIFY(qobject_cast<QCheckBox*>(section->ParamEditor("bootstrap")));
    auto* features = qobject_cast<QComboBox*>(section->ParamEditor("max_features"));
    QVERIFY(features && features->isEditable());
    QVERIFY(!section->ParamEditor("hidden"));  // mlp's editors are gone
    trees->setValue(25);
    features->setEditText("0.5");
    optiscope::ExperimentConfig config = w.experiment_panel()->Config();
    QVERIFY(config.model.type == optiscope::ModelType::kRandomForest);
    QCOMPARE(std::get<double>(config.model.params.at("n_estimators")), 25.0);
    QCOMPARE(std::get<double>(config.model.params.at("max_features")), 0.5);
    QVERIFY(!config.model.params.count("bootstrap"));  // defaults are not written
    // Loading a configuration fills the editors.
    config.model.params["n_estimators"] = 7.0;
    config.model.params["criterion"] = std::string("entropy");
    w.experiment_panel()->SetConfig(config);
    QCOMPARE(qobject_cast<QSpinBox*>(section->ParamEditor("n_estimators"))->value(), 7);
    QCOMPARE(qobject_cast<QComboBox*>(section->ParamEditor("criterion"))->currentText(),
             QString("entropy"));
    QCOMPARE(w.experiment_panel()->Config().model, config.model);
    // mlp: hidden widths and activation are fields of the model config.
    type->setCurrentText("mlp");
    qobject_cast<QLineEdit*>(section->ParamEditor("hidden"))->setText("16,8");
    const auto mlp = w.experiment_panel()->Config().model;
    QCOMPARE(mlp.hidden, (std::vector<int>{16, 8}));
    QVERIFY(mlp.params.empty());
  }

  void TreeOnIrisShowsFinishedMetricsAndConfusionMatrix() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    w.resize(1200, 800);
    w.show();
    QVERIFY(ChooseBuiltin(w, "iris"));
    w.experiment_panel()->model_section()->findChild<QComboBox*>("modelTypeCombo")->setCurrentText(
        "tree");
    QSignalSpy finished(w.training_view(), &TrainingView::runFinished);
    QVERIFY(w.Run());
    QVERIFY(finished.wait(60000));
    const auto f = finished.at(0).at(0).value<RunFinished>();
    QCOMPARE(f.status, optiscope::RunEnd::kOk);
    QCOMPARE(f.model_type, std::string("tree"));
    QVERIFY(f.test_accuracy > 0.8);
    auto* readout = w.training_view()->readout();
    QVERIFY(readout->Field("test").startsWith("accuracy"));
    QCOMPARE(readout->Field("test_prf").count('/'), 2);
    QVERIFY(readout->Field("test_auc") != QString("–"));
    auto* matrix = w.training_view()->confusion_view();
    QVERIFY(matrix->isVisible());
    QCOMPARE(matrix->table()->rowCount(), 3);
    int diagonal = 0, total = 0;
    for (int t = 0; t < 3; ++t) {
      for (int p = 0; p < 3; ++p) {
        QCOMPARE(matrix->Count(t, p), f.test_confusion[t * 3 + p]);
        total += matrix->Count(t, p);
      }
      diagonal += matrix->Count(t, t);
    }
    QVERIFY(std::abs(static_cast<double>(diagonal) / total - f.test_accuracy) < 1e-12);
    QCOMPARE(matrix->table()->horizontalHeaderItem(0)->text(),
             QString::fromStdString(f.class_names[0]));
    const QString dir = qEnvironmentVariable("OPTISCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
      QVERIFY(w.training_view()->grab().save(QDir(dir).filePath("screenshot-confusion-matrix.png")));
      QVERIFY(w.experiment_panel()->model_section()->grab().save(
          QDir(dir).filePath("screenshot-model-section.png")));
    }
  }
};

OPTISCOPE_UI_TEST(ModelSectionTest, model_section_test);
#include "model_section_test.moc"
