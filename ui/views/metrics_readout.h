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

  // A run began: clears the values, names the metric ("accuracy" or "rmse") and what the
  // "Epoch" row counts (RunStarted::step_name: "Trees", "Stages"; "Fit" for a one-call fit).
  void Start(const RunStarted& started);
  // A one-call ensemble fit in progress: the step row reads "done / total", elapsed the time.
  void ShowFitProgress(const FitProgress& progress);
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
  QLabel* step_title_ = nullptr;  // "Epoch", "Trees", "Stages", "Fit"
  bool one_call_ = false;         // the run fits a model in one call without stages
  int fit_done_ = 0;              // the largest FitProgress::done of the run (they may reorder)
};

}  // namespace optiscope::ui
