// The study analysis charts (optimization history, slice, contour, parallel coordinates,
// importance, intermediate values, Pareto front, empirical distribution), all StudyPlots over one
// TrialsModel. Each keeps its drawn marks bounded (see kMax*) so 10,000 trials stay responsive.
#pragma once

#include <QString>
#include <optional>
#include <utility>
#include <vector>

#include "engine/search/contour_grid.h"
#include "ui/charts/study_plot.h"

namespace optiscope::ui {

// Complete trials' objective `objective` against trial number, with the best-so-far line
// (engine BestSoFar). Log y when all values are positive and span over two decades.
class StudyHistoryChart final : public StudyPlot {
  Q_OBJECT
 public:
  using StudyPlot::StudyPlot;

 protected:
  PlotScene BuildScene() const override;
};

// The objective against one parameter (categorical parameters on a category axis, log axis when
// the values are positive and span over two decades), coloured by trial number.
class StudySliceChart final : public StudyPlot {
  Q_OBJECT
 public:
  using StudyPlot::StudyPlot;
  void SetParam(const QString& name);
  const QString& param() const { return param_; }

 protected:
  PlotScene BuildScene() const override;

 private:
  QString param_;
};

// Two parameters against each other: the objective interpolated over them as a filled colour
// map (an engine ContourGrid given by SetGrid, computed off the GUI thread) with each complete
// trial a point on top coloured by its value. Without a grid for the pair: the points only.
class StudyContourChart final : public StudyPlot {
  Q_OBJECT
 public:
  using StudyPlot::StudyPlot;
  void SetPair(const QString& x, const QString& y);
  const QString& x_param() const { return x_; }
  const QString& y_param() const { return y_; }
  // The surface for the pair grid.x.name / grid.y.name (ignored while another pair is shown);
  // nullopt clears it.
  void SetGrid(std::optional<ContourGrid> grid);
  // The grid shown (for the current pair), if any.
  const ContourGrid* grid() const;

 protected:
  PlotScene BuildScene() const override;

 private:
  QString x_;
  QString y_;
  std::optional<ContourGrid> grid_;
};

// Parallel coordinates: one axis per parameter then the objective, each complete trial a
// polyline coloured by its value. At most kMaxLines lines (evenly over the value ranking, the
// best always kept).
class StudyParallelChart final : public StudyPlot {
  Q_OBJECT
 public:
  static constexpr int kMaxLines = 1500;
  using StudyPlot::StudyPlot;

 protected:
  PlotScene BuildScene() const override;
};

// Hyperparameter importance bars (values come from the engine's fANOVA via SetImportances).
class StudyImportanceChart final : public StudyPlot {
  Q_OBJECT
 public:
  using StudyPlot::StudyPlot;
  // Shows these (name, importance) pairs, most important on top; `note` under the title.
  void SetImportances(std::vector<std::pair<QString, double>> importances, const QString& note);
  // Shows `message` instead of bars (e.g. "needs 2 complete trials").
  void SetMessage(const QString& message);
  const std::vector<std::pair<QString, double>>& importances() const { return importances_; }

 protected:
  PlotScene BuildScene() const override;

 private:
  std::vector<std::pair<QString, double>> importances_;
  QString note_;
  QString message_;
};

// Intermediate values (reports) of every trial against step; pruned trials dimmed, failed red,
// running blue. At most kMaxCurves curves (the most recent ones), or only one trial when
// SetTrial was given one.
class StudyIntermediateChart final : public StudyPlot {
  Q_OBJECT
 public:
  static constexpr int kMaxCurves = 400;
  using StudyPlot::StudyPlot;
  void SetTrial(std::optional<int> trial);

 protected:
  PlotScene BuildScene() const override;

 private:
  std::optional<int> trial_;
};

// Objective 1 against objective 2 of the complete trials with the Pareto front (engine
// ParetoFront2) drawn as a line. Needs two objectives.
class StudyParetoChart final : public StudyPlot {
  Q_OBJECT
 public:
  using StudyPlot::StudyPlot;

 protected:
  PlotScene BuildScene() const override;
};

// The empirical distribution function of the complete trials' objective (engine EmpiricalCdf).
class StudyEdfChart final : public StudyPlot {
  Q_OBJECT
 public:
  using StudyPlot::StudyPlot;

 protected:
  PlotScene BuildScene() const override;
};

}  // namespace optiscope::ui
