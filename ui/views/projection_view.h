// ProjectionView: the Project mode. Run fits PCA or Kernel PCA (engine/features) to 2 components
// on the Experiment's dataset off the GUI thread and shows a per-class scatter plus a scree chart.
#pragma once

#include <QtCharts/QBarSeries>
#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/projection_events.h"
#include "ui/views/mode_view.h"

class QComboBox;
class QLabel;

namespace optiscope::ui {

class JobRunner;

class ProjectionView final : public ModeView {
  Q_OBJECT

 public:
  // At most this many points are drawn per frame (every k-th row is kept beyond it).
  static constexpr int kMaxDrawnPoints = 20000;

  explicit ProjectionView(QWidget* parent = nullptr);
  ~ProjectionView() override;

  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;

  // The scatter chart (one QScatterSeries per class) and the scree bar chart, for tests.
  QChart* ScatterChart() const { return scatter_->chart(); }
  QChart* ScreeChart() const { return scree_->chart(); }

 public slots:
  // Draws `projection` (xy pairs and labels) and its explained variance ratios.
  void ShowProjection(const optiscope::Projection& projection);

 private:
  void OnEvents(const std::vector<optiscope::Event>& events);
  void OnFinished(const QString& error, bool cancelled);

  JobRunner* runner_ = nullptr;
  QComboBox* method_ = nullptr;
  QLabel* caption_ = nullptr;
  QChartView* scatter_ = nullptr;
  QChartView* scree_ = nullptr;
};

}  // namespace optiscope::ui
