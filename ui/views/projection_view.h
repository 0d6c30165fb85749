// ProjectionView: the Project tab. Its own Run fits PCA or Kernel PCA (engine/features) on the
// Experiment's dataset — optionally training the model and painting its decision regions in the
// PCA plane — and, during a Train run, it shows the last hidden layer's projection streamed every
// N epochs, with a slider to replay earlier epochs.
#pragma once

#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/projection_events.h"
#include "ui/charts/projection_chart.h"
#include "ui/views/mode_view.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace optiscope::ui {

class JobRunner;

class ProjectionView final : public ModeView {
  Q_OBJECT

 public:
  // At most this many points are drawn per frame (density-preserving thinning beyond it).
  static constexpr int kMaxDrawnPoints = ProjectionChart::kMaxDrawnPoints;
  // At most this many projections are kept for the replay slider: beyond it every other one of
  // the history is dropped (the first and the newest stay), so a long run keeps an even spread.
  static constexpr int kMaxHistory = 256;

  explicit ProjectionView(QWidget* parent = nullptr);
  ~ProjectionView() override;

  // Project mode: the method combo's projection of config's dataset, or with "Decision regions"
  // checked (PCA only) the configured model trained on the training split and its regions.
  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;

  // The scatter chart and the scree bar chart, for tests.
  QChart* ScatterChart() const { return scatter_->chart(); }
  ProjectionChart* scatter() const { return scatter_; }
  QChart* ScreeChart() const { return scree_->chart(); }
  QSlider* history_slider() const { return slider_; }
  QComboBox* color_combo() const { return color_by_; }
  QCheckBox* regions_check() const { return regions_; }
  QLabel* hover_label() const { return hover_label_; }
  // Projections received since the last ClearHistory, in arrival order.
  const std::vector<Projection>& history() const { return history_; }
  // The projection on screen (nullptr when none).
  const Projection* shown() const;
  // Selects the colouring (class / prediction / error).
  void SetColorBy(ProjectionColorBy by);

 public slots:
  // Appends `projection` to the history (thinned to kMaxHistory) and shows it, unless the user
  // has moved the slider away from the newest entry (then the slider's range grows and the view
  // stays on the same projection).
  void ShowProjection(const optiscope::Projection& projection);
  // Forgets the history (a new run starts).
  void ClearHistory();
  // Names the class ids of the projections shown (a Train run's classes, known when it ends;
  // a Project run learns its own). Redraws.
  void SetClassNames(const std::vector<std::string>& names);

 private:
  void OnEvents(const std::vector<optiscope::Event>& events);
  void OnFinished(const QString& error, bool cancelled);
  void Display(int index);
  // The linear PCA's explained variance ratios, or (kernel) the kernel's leading eigenvalues over
  // the centred kernel matrix's trace.
  void ShowScree(const std::vector<double>& ratios, bool kernel);

  JobRunner* runner_ = nullptr;
  QComboBox* method_ = nullptr;
  QComboBox* kernel_ = nullptr;    // Kernel PCA: rbf, poly, sigmoid, cosine
  QDoubleSpinBox* gamma_ = nullptr;  // Kernel PCA: gamma (0: 1 / n_features)
  bool kernel_run_ = false;        // the last Project run used Kernel PCA
  std::vector<std::string> class_names_;  // the class ids' names (empty: show the ids)
  QCheckBox* regions_ = nullptr;
  QComboBox* color_by_ = nullptr;
  QLabel* caption_ = nullptr;
  ProjectionChart* scatter_ = nullptr;
  QChartView* scree_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* epoch_label_ = nullptr;
  QLabel* hover_label_ = nullptr;
  std::vector<Projection> history_;
  int shown_ = -1;
  bool follow_newest_ = true;
};

}  // namespace optiscope::ui
