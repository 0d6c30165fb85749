// RaceView: the Race mode — optimizers race on the Experiment's model and data; live overlaid
// loss curves, the ranking, the loss landscape, a 2-D test function and the decision boundary.
#pragma once

#include <QHash>
#include <QStringList>
#include <vector>

#include "engine/events/events.h"
#include "ui/views/mode_view.h"

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;
class QTableWidget;
class QTabWidget;
class QTimer;

namespace optiscope::ui {

class HeatMapWidget;
class JobRunner;
class RaceChart;
class RaceSetupPanel;

// Start() runs, on a JobRunner worker: the test-function race (if one is chosen; its paths are
// animated here at ~30 frames per second), then RunRace with the checked optimizers (tuning and
// landscape as ticked). Each racer keeps its palette colour in every panel. Export (toolbar
// buttons, Ctrl+Shift+P / Ctrl+Shift+G / Ctrl+Shift+C) writes the results area as PNG or SVG and
// the curves as CSV; Ctrl+T switches the curves between epoch and wall time. GUI thread only.
class RaceView final : public ModeView {
  Q_OBJECT

 public:
  explicit RaceView(QWidget* parent = nullptr);
  ~RaceView() override;

  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;

  RaceSetupPanel* setup() const { return setup_; }
  RaceChart* chart() const { return chart_; }
  QTableWidget* ranking() const { return ranking_; }
  HeatMapWidget* landscape() const { return landscape_; }
  HeatMapWidget* test_function() const { return function_; }
  HeatMapWidget* boundary() const { return boundary_; }
  JobRunner* runner() const { return runner_; }
  // The last standings received (empty before the first race ends).
  const RaceFinished& standings() const { return finished_; }

  // Shows every test-function path in full (ends the animation).
  void FinishAnimation();
  bool ExportPng(const QString& path);
  bool ExportSvg(const QString& path);
  bool ExportCsv(const QString& path);

 private:
  void resizeEvent(QResizeEvent* event) override;
  // Two columns, or (narrow) one column of the four result panels.
  void ArrangeResults(bool narrow);
  // The ranking table tall enough for all its rows.
  void FitRankingHeight();
  void OnEvents(const std::vector<Event>& events);
  void OnFinished(const QString& error, bool cancelled);
  void ShowStandings(const RaceFinished& finished);
  void ShowBoundary();
  void AnimateStep();
  QColor RacerColor(const QString& racer) const;
  void ExportDialog(const QString& kind);

  RaceSetupPanel* setup_ = nullptr;
  RaceChart* chart_ = nullptr;
  QTableWidget* ranking_ = nullptr;
  HeatMapWidget* landscape_ = nullptr;
  HeatMapWidget* function_ = nullptr;
  HeatMapWidget* boundary_ = nullptr;
  QComboBox* boundary_racer_ = nullptr;
  QCheckBox* wall_time_ = nullptr;
  QLabel* landscape_note_ = nullptr;
  QTabWidget* lower_tabs_ = nullptr;
  QWidget* results_ = nullptr;
  QWidget* landscape_page_ = nullptr;
  QGridLayout* results_grid_ = nullptr;
  QScrollArea* results_scroll_ = nullptr;
  bool narrow_ = false;
  JobRunner* runner_ = nullptr;
  QTimer* animation_ = nullptr;
  int visible_steps_ = 0;
  QStringList racers_;
  QHash<QString, DecisionBoundary> boundaries_;  // latest per racer
  QStringList tuning_notes_;
  RaceFinished finished_;
  int total_epochs_ = 0;
  int epochs_done_ = 0;
};

}  // namespace optiscope::ui
