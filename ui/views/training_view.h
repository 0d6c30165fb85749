// TrainingView: the Train mode — trains one model with the Experiment configuration off the GUI
// thread and shows its live loss chart, metrics, and the test confusion matrix (classification) or
// predicted-vs-actual and residual plots (regression).
#pragma once

#include <optional>
#include <vector>

#include "engine/events/events.h"
#include "ui/engine_types.h"
#include "ui/views/mode_view.h"

class QLabel;
class QStackedWidget;

namespace optiscope::ui {

class ChartToolBar;
class ConfusionMatrixView;
class JobRunner;
class LossChart;
class MetricsReadout;
class RegressionPlots;

// Start() runs RunExperiment(config) on a JobRunner worker; the run's events update the chart and
// the readout once per batch (~30 Hz) and are passed on through the signals below, so the window
// can feed other panels (runs table, log, the Project view's live projections) without reaching
// into this view. GUI thread only; the destructor stops and joins the run.
class TrainingView final : public ModeView {
  Q_OBJECT

 public:
  explicit TrainingView(QWidget* parent = nullptr);
  ~TrainingView() override;

  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;
  // "epochs"; "trees" / "stages" while an ensemble is fitted (its progress counts them).
  QString StepUnit() const override;

  // When on, Start asks an MLP run for about 30 hidden-layer projections (unless the
  // configuration sets training.projection_every), delivered by projectionReceived. Off by
  // default: nobody would see them.
  void SetStreamProjections(bool on) { stream_projections_ = on; }

  LossChart* loss_chart() const { return chart_; }
  // The loss chart's display tools: log axis, smoothing, and which metric is dashed (the run's
  // accuracy or RMSE, or F1 or R²; offered once a run said its task).
  ChartToolBar* loss_chart_tools() const { return tools_; }
  // What a one-shot model without stages (a tree, SVMs, kNN, closed-form linear) shows instead of
  // the loss chart: it is fitted in one call, so there are no epochs to plot. Ensembles (random
  // forest, gradient boosting) keep the chart: their scores by number of trees or stages.
  QLabel* one_shot_panel() const { return one_shot_; }
  MetricsReadout* readout() const { return readout_; }
  ConfusionMatrixView* confusion_view() const { return confusion_; }
  // Shown after a regression run that finished with test rows (hidden otherwise).
  RegressionPlots* regression_plots() const { return regression_; }
  JobRunner* runner() const { return runner_; }

 signals:
  // The run's engine reported its start (its metric's name among others), before its epochs.
  void runStarted(const optiscope::RunStarted& started);
  // The epochs that arrived since the last tick, in order (after the chart shows them).
  void epochsReceived(const std::vector<optiscope::EpochMetrics>& epochs);
  // The run ended (ok, cancelled or failed: then `reason` says why) and its thread has exited.
  // Emitted just before ModeView::finished.
  void runFinished(const optiscope::RunFinished& finished);
  // A run that publishes projections started: the ones received before belong to another run.
  void projectionsRestarted();
  // A 2-D projection published by the run (the data at start, then the last hidden layer every
  // training.projection_every epochs), in order.
  void projectionReceived(const optiscope::Projection& projection);
  // A log line of the engine, with its level.
  void logLine(const optiscope::LogLine& line);

 private:
  void OnEvents(const std::vector<Event>& events);
  void OnFinished(const QString& error);
  void ShowOneShotResult(const RunFinished& finished);

  LossChart* chart_ = nullptr;
  ChartToolBar* tools_ = nullptr;
  QLabel* one_shot_ = nullptr;
  QWidget* loss_page_ = nullptr;           // the loss chart under its display tools
  QStackedWidget* chart_stack_ = nullptr;  // the loss page, or the one-shot panel
  bool one_shot_run_ = false;              // the run in flight fits a one-shot model
  bool staged_run_ = false;                // ... an ensemble, whose curve counts its stages
  QString step_name_ = QStringLiteral("epoch");  // what the run's steps are (RunStarted)
  QString one_shot_model_;
  std::optional<EpochMetrics> last_fit_;  // a one-shot run's single "epoch": its fit figures
  MetricsReadout* readout_ = nullptr;
  ConfusionMatrixView* confusion_ = nullptr;
  RegressionPlots* regression_ = nullptr;
  JobRunner* runner_ = nullptr;
  bool stream_projections_ = false;
  std::optional<RunFinished> last_finished_;  // of the run in flight, when it reported one
};

}  // namespace optiscope::ui
