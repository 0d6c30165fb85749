// FeatureScoresView: the Select mode. Run scores every feature of the Experiment's training split
// with a selection method (engine/inspect/feature_scores.h, off the GUI thread) and shows them
// ranked best-first as a horizontal bar chart (top 30, kept features highlighted) and a table.
#pragma once

#include <QStringList>
#include <QtCharts/QChartView>
#include <memory>
#include <optional>
#include <vector>

#include "engine/inspect/feature_scores.h"
#include "ui/views/mode_view.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace optiscope::ui {

class JobRunner;

class FeatureScoresView final : public ModeView {
  Q_OBJECT

 public:
  // At most this many bars are drawn (the best ones); the table lists every feature.
  static constexpr int kMaxBars = 30;

  explicit FeatureScoresView(QWidget* parent = nullptr);
  ~FeatureScoresView() override;

  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;
  QString StepUnit() const override { return tr("steps"); }

  // Selects the method Run uses: "" = the Experiment's features.select (ANOVA when it selects
  // nothing), else one of SelectionScoreChoices().
  void SetChoice(const QString& choice);
  // Draws `scores` (chart and table).
  void ShowScores(const FeatureScores& scores);

  // What is drawn, best first: bar labels, bar values and whether each bar's feature is kept.
  QStringList BarLabels() const { return bar_labels_; }
  std::vector<double> BarValues() const { return bar_values_; }
  std::vector<bool> BarKept() const { return bar_kept_; }
  QChart* Chart() const { return chart_->chart(); }
  QTableWidget* Table() const { return table_; }

 private:
  void OnFinished(const QString& error, bool cancelled);

  JobRunner* runner_ = nullptr;
  // Written by the job, read in OnFinished after the worker has been joined.
  std::shared_ptr<std::optional<FeatureScores>> result_;
  QComboBox* method_ = nullptr;
  QLabel* caption_ = nullptr;
  QChartView* chart_ = nullptr;
  QTableWidget* table_ = nullptr;
  QStringList bar_labels_;
  std::vector<double> bar_values_;
  std::vector<bool> bar_kept_;
};

}  // namespace optiscope::ui
