#include "ui/views/metrics_readout.h"

#include <QFormLayout>
#include <QLabel>
#include <cmath>

namespace optiscope::ui {
namespace {

QString ReadoutNumber(double v, int digits = 4) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  return QString::number(v, 'g', digits);
}

QString Duration(double seconds) {
  if (!std::isfinite(seconds)) return QStringLiteral("–");
  if (seconds < 60) return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
  const int s = static_cast<int>(seconds);
  return QStringLiteral("%1:%2 min").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

MetricsReadout::MetricsReadout(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  form->setLabelAlignment(Qt::AlignRight);
  form->setContentsMargins(8, 8, 8, 8);
  AddRow("status", tr("Run"), tr("State of the current or last run"));
  step_title_ = qobject_cast<QLabel*>(
      form->labelForField(AddRow("epoch", tr("Epoch"), tr("Epochs done / configured"))));
  AddRow("train_loss", tr("Train loss"), tr("Mean loss over the training rows this epoch"));
  AddRow("val_loss", tr("Validation loss"), tr("Loss on the validation rows after this epoch"));
  QLabel* metric = AddRow("val_metric", tr("Val. accuracy"),
                          tr("Accuracy (classification) or RMSE (regression) on the "
                             "validation rows"));
  metric_title_ = qobject_cast<QLabel*>(form->labelForField(metric));
  AddRow("lr", tr("Learning rate"), tr("The rate in force during the last epoch"));
  AddRow("elapsed", tr("Elapsed"), tr("Training wall time so far"));
  QLabel* test = AddRow("test", tr("Test"), tr("Metrics on the held-out test rows, when the "
                                               "run has finished"));
  QFont bold = test->font();
  bold.setBold(true);
  test->setFont(bold);
  test->setWordWrap(true);  // "accuracy 0.9749, loss 0.05252" was cut at 1024x700
  AddRow("test_prf", tr("Precision / recall / F1"),
         tr("Macro averages over the classes on the test rows"));
  AddRow("test_auc", tr("ROC AUC / log loss"),
         tr("ROC AUC (binary, or one-vs-rest macro) and log loss on the test rows"));
  AddRow("test_note", tr("Note"), tr("Why a metric is not available"))->setWordWrap(true);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

QLabel* MetricsReadout::AddRow(const QString& name, const QString& title, const QString& tip) {
  auto* form = static_cast<QFormLayout*>(layout());
  auto* value = new QLabel(QStringLiteral("–"), this);
  value->setObjectName(name);
  value->setToolTip(tip);
  value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* label = new QLabel(title, this);
  label->setToolTip(tip);
  form->addRow(label, value);
  return value;
}

QString MetricsReadout::Field(const QString& name) const {
  const auto* label = findChild<QLabel*>(name);
  return label ? label->text() : QString();
}

void MetricsReadout::Clear() {
  for (const char* name : {"epoch", "train_loss", "val_loss", "val_metric", "lr", "elapsed",
                           "test", "test_prf", "test_auc", "test_note"}) {
    findChild<QLabel*>(name)->setText(QStringLiteral("–"));
  }
  findChild<QLabel*>("status")->setText(tr("starting"));
}

void MetricsReadout::Start(const RunStarted& started) {
  accuracy_ = started.metric_name != "rmse";
  metric_title_->setText(accuracy_ ? tr("Val. accuracy") : tr("Val. RMSE"));
  Clear();
  findChild<QLabel*>("status")->setText(tr("running"));
  findChild<QLabel*>("epoch")->setText(QStringLiteral("0 / %1").arg(started.total_epochs));
  fit_done_ = 0;
  one_call_ = started.step_name == "fit";
  QLabel* step = findChild<QLabel*>("epoch");
  if (started.step_name == "tree") {
    step_title_->setText(tr("Trees"));
    step->setToolTip(tr("Trees grown / configured; after the fit, the curve's points"));
  } else if (started.step_name == "stage") {
    step_title_->setText(tr("Stages"));
    step->setToolTip(tr("Boosting stages grown / configured; after the fit, the curve's points"));
  } else if (started.step_name == "fit") {
    step_title_->setText(tr("Fit"));
    step->setToolTip(tr("The model is fitted in one call: no epochs"));
    step->setText(tr("one call"));
  } else {
    step_title_->setText(tr("Epoch"));
    step->setToolTip(tr("Epochs done / configured"));
  }
}

void MetricsReadout::ShowFitProgress(const FitProgress& p) {
  if (p.done <= fit_done_) return;
  fit_done_ = p.done;
  findChild<QLabel*>("epoch")->setText(QStringLiteral("%1 / %2").arg(p.done).arg(p.total));
  findChild<QLabel*>("elapsed")->setText(Duration(p.elapsed_seconds));
}

void MetricsReadout::ShowEpoch(const EpochMetrics& e) {
  findChild<QLabel*>("epoch")->setText(
      one_call_ ? tr("one call") : QStringLiteral("%1 / %2").arg(e.epoch).arg(e.total_epochs));
  findChild<QLabel*>("train_loss")->setText(ReadoutNumber(e.train_loss));
  findChild<QLabel*>("val_loss")->setText(ReadoutNumber(e.val_loss));
  findChild<QLabel*>("val_metric")->setText(ReadoutNumber(e.val_metric));
  findChild<QLabel*>("lr")->setText(ReadoutNumber(e.learning_rate, 3));
  findChild<QLabel*>("elapsed")->setText(Duration(e.elapsed_seconds));
}

void MetricsReadout::ShowFinished(const RunFinished& f) {
  QString status = QString::fromLatin1(RunEndName(f.status));
  if (!f.reason.empty()) status += QStringLiteral(": ") + QString::fromStdString(f.reason);
  auto* status_label = findChild<QLabel*>("status");
  status_label->setWordWrap(true);
  status_label->setText(status);
  findChild<QLabel*>("elapsed")->setText(Duration(f.seconds));
  QString test;
  if (std::isfinite(f.test_accuracy)) {
    test = tr("accuracy %1, loss %2").arg(ReadoutNumber(f.test_accuracy), ReadoutNumber(f.test_loss));
  } else if (std::isfinite(f.test_rmse)) {
    test = tr("RMSE %1, MAE %2, R² %3").arg(ReadoutNumber(f.test_rmse), ReadoutNumber(f.test_mae),
                                             ReadoutNumber(f.test_r2));
  } else {
    test = QStringLiteral("–");
  }
  findChild<QLabel*>("test")->setText(test);
  const bool classification = std::isfinite(f.test_accuracy);
  findChild<QLabel*>("test_prf")->setText(
      classification ? QStringLiteral("%1 / %2 / %3")
                           .arg(ReadoutNumber(f.test_precision, 3), ReadoutNumber(f.test_recall, 3),
                                ReadoutNumber(f.test_f1, 3))
                     : QStringLiteral("–"));
  findChild<QLabel*>("test_auc")->setText(
      classification ? QStringLiteral("%1 / %2").arg(ReadoutNumber(f.test_roc_auc, 3),
                                                   ReadoutNumber(f.test_log_loss, 3))
                     : QStringLiteral("–"));
  findChild<QLabel*>("test_note")->setText(
      f.metrics_note.empty() ? QStringLiteral("–") : QString::fromStdString(f.metrics_note));
}

}  // namespace optiscope::ui
