#include "ui/views/training_view.h"

#include <QFrame>
#include <QHBoxLayout>

#include "ui/charts/loss_chart.h"
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
  side->setMinimumWidth(230);
  side->setMaximumWidth(320);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(chart_, 1);
  layout->addWidget(side);
}

void TrainingView::OnRunStarted(const RunStarted& started) {
  chart_->Reset(started.total_epochs);
  readout_->Start(started);
}

void TrainingView::OnEpochs(const std::vector<EpochMetrics>& epochs) {
  if (epochs.empty()) return;
  chart_->AddEpochs(epochs);
  readout_->ShowEpoch(epochs.back());
}

void TrainingView::OnRunFinished(const RunFinished& finished) { readout_->ShowFinished(finished); }

}  // namespace optiscope::ui
