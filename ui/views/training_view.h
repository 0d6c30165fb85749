// TrainingView: the "Training" tab — the live loss chart of the current run and its metrics.
#pragma once

#include <QWidget>
#include <vector>

#include "engine/events/events.h"

namespace optiscope::ui {

class ConfusionMatrixView;
class LossChart;
class MetricsReadout;

// Feeds run events to the chart and the readout. GUI thread only.
class TrainingView final : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingView(QWidget* parent = nullptr);

  void OnRunStarted(const RunStarted& started);
  void OnEpochs(const std::vector<EpochMetrics>& epochs);
  void OnRunFinished(const RunFinished& finished);

  LossChart* loss_chart() const { return chart_; }
  MetricsReadout* readout() const { return readout_; }
  ConfusionMatrixView* confusion_view() const { return confusion_; }

 private:
  LossChart* chart_ = nullptr;
  MetricsReadout* readout_ = nullptr;
  ConfusionMatrixView* confusion_ = nullptr;
};

}  // namespace optiscope::ui
