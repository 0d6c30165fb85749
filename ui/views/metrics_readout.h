// MetricsReadout: the numbers beside the loss chart — epoch, losses, accuracy or RMSE, learning
// rate, elapsed time, and the final test metrics of a run.
#pragma once

#include <QWidget>

#include "engine/events/events.h"

class QLabel;

namespace optiscope::ui {

// A form of labels updated from events. GUI thread only.
class MetricsReadout final : public QWidget {
  Q_OBJECT

 public:
  explicit MetricsReadout(QWidget* parent = nullptr);

  // A run began: clears the values and names the metric ("accuracy" or "rmse").
  void Start(const RunStarted& started);
  // A run was launched: every value reads "–" and the status "starting", so a run that fails
  // before it starts shows no figures of the run before.
  void Clear();
  void ShowEpoch(const EpochMetrics& epoch);
  void ShowFinished(const RunFinished& finished);

  // The text of a field, for tests: "epoch", "train_loss", "val_loss", "val_metric", "lr",
  // "elapsed", "status", "test", "test_prf" (macro precision / recall / F1), "test_auc" (ROC AUC /
  // log loss), "test_note".
  QString Field(const QString& name) const;

 private:
  QLabel* AddRow(const QString& name, const QString& title, const QString& tip);

  bool accuracy_ = true;
  QLabel* metric_title_ = nullptr;
};

}  // namespace optiscope::ui
