#include "ui/views/training_view.h"

#include <QFrame>
#include <QHBoxLayout>

#include "ui/charts/loss_chart.h"
#include "ui/views/confusion_matrix_view.h"
#include "ui/views/metrics_readout.h"

namespace optiscope::ui {

TrainingView::TrainingView(QWidget* parent) : QWidget(parent) {
  chart_ = new LossChart(this);
  readout_ = new MetricsReadout(this);
  auto* side = new QFrame(this);
  side->setFrameShape(QFrame::StyledPanel);
  auto* side_layout = new QVBoxLayout(side);
  side_layout->setContentsMargins(0, 0, 0, 0);
  side_layout->addWidget(readout_);
  side_layout->addStretch(1);
  side->setMinimumWidth(310);
  side->setMaximumWidth(380);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  confusion_ = new ConfusionMatrixView(this);  // shown after a classification run
  auto* charts = new QVBoxLayout();
  charts->addWidget(chart_, 3);
  charts->addWidget(confusion_, 2);
  layout->addLayout(charts, 1);
  layout->addWidget(side);
}

void TrainingView::OnRunStarted(const RunStarted& started) {
  chart_->Reset(started.total_epochs);
  readout_->Start(started);
  confusion_->Clear();
}

void TrainingView::OnEpochs(const std::vector<EpochMetrics>& epochs) {
  if (epochs.empty()) return;
  chart_->AddEpochs(epochs);
  readout_->ShowEpoch(epochs.back());
}

void TrainingView::OnRunFinished(const RunFinished& finished) {
  readout_->ShowFinished(finished);
  loss_chart()->MarkEarlyStopping(finished.best_epoch, finished.epochs_run, finished.stopped_early);
  confusion_->SetMatrix(finished.test_confusion, finished.class_names);
}

}  // namespace optiscope::ui
