// Slice and contour (interpolated surface + trials) charts: the objective against one or two
// parameters.
#include <QMap>
#include <algorithm>
#include <cmath>

#include "ui/charts/study_chart_util.h"
#include "ui/charts/study_charts.h"

namespace optiscope::ui {
namespace {

// A parameter's coordinates over `trials`: numeric values, or category indexes (labels sorted).
struct ParamAxis {
  std::vector<double> coords;  // NaN where the trial lacks the parameter
  QStringList categories;
};

ParamAxis Coordinates(const std::vector<const TrialRecord*>& trials, const QString& name) {
  ParamAxis out;
  bool categorical = false;
  for (const TrialRecord* t : trials) {
    if (const TrialParam* p = t->Find(name.toStdString()); p != nullptr && !p->label.empty()) {
      categorical = true;
      const QString label = QString::fromStdString(p->label);
      if (!out.categories.contains(label)) out.categories.append(label);
    }
  }
  out.categories.sort();
  for (const TrialRecord* t : trials) {
    const TrialParam* p = t->Find(name.toStdString());
    if (p == nullptr) {
      out.coords.push_back(std::nan(""));
    } else if (categorical) {
      out.coords.push_back(out.categories.indexOf(QString::fromStdString(p->label)));
    } else {
      out.coords.push_back(p->value);
    }
  }
  return out;
}

void FitParamAxis(PlotAxis* axis, const ParamAxis& param, const QString& title) {
  axis->title = title;
  if (!param.categories.isEmpty()) {
    axis->categories = param.categories;
    axis->min = -0.5;
    axis->max = param.categories.size() - 0.5;
    return;
  }
  internal::FitValues(axis, param.coords);
}

}  // namespace

void StudySliceChart::SetParam(const QString& name) {
  param_ = name;
  Invalidate();
}

PlotScene StudySliceChart::BuildScene() const {
  PlotScene s;
  s.title = tr("Slice: objective against %1").arg(param_);
  s.y.title = internal::ObjectiveTitle(*model());
  const auto complete = internal::CompleteTrials(*model());
  if (param_.isEmpty() || complete.empty()) {
    s.message = param_.isEmpty() ? tr("Choose a parameter") : tr("No complete trial yet");
    return s;
  }
  const ParamAxis x = Coordinates(complete, param_);
  FitParamAxis(&s.x, x, param_);
  PlotMarks marks;
  std::vector<double> values;
  const double last = std::max(1, complete.back()->number);
  for (size_t i = 0; i < complete.size(); ++i) {
    if (std::isnan(x.coords[i])) continue;
    marks.points.emplace_back(x.coords[i], TrialValue(*complete[i]));
    marks.colors.push_back(ValueColor(complete[i]->number / last));
    marks.trials.push_back(complete[i]->number);
    values.push_back(TrialValue(*complete[i]));
  }
  if (marks.points.empty()) {
    s.message = tr("No complete trial used %1").arg(param_);
    return s;
  }
  internal::FitValues(&s.y, values);
  s.color_bar = true;
  s.color_min = 0;
  s.color_max = last;
  s.color_title = tr("trial");
  s.marks.push_back(std::move(marks));
  return s;
}

void StudyContourChart::SetPair(const QString& x, const QString& y) {
  x_ = x;
  y_ = y;
  Invalidate();
}

void StudyContourChart::SetGrid(std::optional<ContourGrid> grid) {
  grid_ = std::move(grid);
  Invalidate();
}

const ContourGrid* StudyContourChart::grid() const {
  if (!grid_ || QString::fromStdString(grid_->x.name) != x_ ||
      QString::fromStdString(grid_->y.name) != y_) {
    return nullptr;
  }
  return &*grid_;
}

namespace {

// A grid axis: its categories (in the engine's choice order) or its edge range and scale.
void FitGridAxis(PlotAxis* axis, const ContourAxis& grid, const QString& title) {
  axis->title = title;
  if (!grid.categories.empty()) {
    for (const std::string& c : grid.categories) axis->categories << QString::fromStdString(c);
    axis->min = -0.5;
    axis->max = grid.cells() - 0.5;
    return;
  }
  axis->min = grid.edges.front();
  axis->max = grid.edges.back();
  axis->log = grid.log && axis->min > 0;
}

std::vector<double> GridEdges(const ContourAxis& grid) {
  if (grid.categories.empty()) return grid.edges;
  std::vector<double> edges;
  for (int i = 0; i <= grid.cells(); ++i) edges.push_back(i - 0.5);
  return edges;
}

// Trial coordinates on a grid axis (categorical: the choice's index in the grid's order).
std::vector<double> GridCoordinates(const std::vector<const TrialRecord*>& trials,
                                    const ContourAxis& grid) {
  std::vector<double> out;
  for (const TrialRecord* t : trials) {
    const TrialParam* p = t->Find(grid.name);
    if (p == nullptr) {
      out.push_back(std::nan(""));
    } else if (!grid.categories.empty()) {
      const auto it = std::find(grid.categories.begin(), grid.categories.end(), p->label);
      out.push_back(it == grid.categories.end()
                        ? std::nan("")
                        : static_cast<double>(it - grid.categories.begin()));
    } else {
      out.push_back(p->value);
    }
  }
  return out;
}

}  // namespace

PlotScene StudyContourChart::BuildScene() const {
  PlotScene s;
  const ContourGrid* g = grid();
  s.title = g != nullptr
                ? tr("Objective over %1 and %2 (GP mean of %3 trials)").arg(x_, y_).arg(g->n_trials)
                : tr("%1 against %2, coloured by objective").arg(y_, x_);
  const auto complete = internal::CompleteTrials(*model());
  if (x_.isEmpty() || y_.isEmpty() || complete.empty()) {
    s.message = complete.empty() ? tr("No complete trial yet") : tr("Choose two parameters");
    return s;
  }
  if (x_ == y_) {
    s.message = tr("Choose two different parameters");
    return s;
  }
  std::vector<double> xs;
  std::vector<double> ys;
  if (g != nullptr) {
    FitGridAxis(&s.x, g->x, x_);
    FitGridAxis(&s.y, g->y, y_);
    xs = GridCoordinates(complete, g->x);
    ys = GridCoordinates(complete, g->y);
  } else {
    const ParamAxis x = Coordinates(complete, x_);
    const ParamAxis y = Coordinates(complete, y_);
    FitParamAxis(&s.x, x, x_);
    FitParamAxis(&s.y, y, y_);
    xs = x.coords;
    ys = y.coords;
  }
  std::vector<double> values;
  for (const TrialRecord* t : complete) values.push_back(TrialValue(*t));
  // The colour scale spans the observed values; the surface's over- and undershoots (a GP mean
  // extrapolates) take the end colours.
  // (Not a structured binding: clang 14, the sanitizer builds' compiler, cannot capture one.)
  const std::pair<double, double> range = internal::Range(values);
  const double lo = range.first, hi = range.second;
  const bool minimize = model()->direction() == Direction::kMinimize;
  // Bright = good in both directions.
  auto color = [&](double v) {
    const double t = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.5;
    return ValueColor(minimize ? 1.0 - t : t);
  };
  if (g != nullptr) {
    s.surface.x_edges = GridEdges(g->x);
    s.surface.y_edges = GridEdges(g->y);
    s.surface.colors.reserve(g->values.size());
    for (double v : g->values) s.surface.colors.push_back(color(v));
  }
  PlotMarks halo;  // a light ring so the points read on the surface
  halo.size = 5.5;
  halo.color = g != nullptr ? QColor(255, 255, 255, 200) : QColor(0, 0, 0, 0);
  PlotMarks marks;
  marks.size = 4.0;
  for (size_t i = 0; i < complete.size(); ++i) {
    if (std::isnan(xs[i]) || std::isnan(ys[i])) continue;
    marks.points.emplace_back(xs[i], ys[i]);
    marks.colors.push_back(color(values[i]));
    marks.trials.push_back(complete[i]->number);
  }
  if (marks.points.empty()) {
    s.message = tr("No complete trial used both %1 and %2").arg(x_, y_);
    return s;
  }
  s.color_bar = true;
  s.color_min = minimize ? hi : lo;
  s.color_max = minimize ? lo : hi;
  s.color_title = tr("objective");
  if (g != nullptr) {
    halo.points = marks.points;
    s.marks.push_back(std::move(halo));
  }
  s.marks.push_back(std::move(marks));
  return s;
}

PlotScene StudyParallelChart::BuildScene() const {
  PlotScene s;
  s.title = tr("Parallel coordinates");
  auto complete = internal::CompleteTrials(*model());
  const QStringList& params = model()->param_names();
  if (complete.empty()) {
    s.message = tr("No complete trial yet");
    return s;
  }
  const bool minimize = model()->direction() == Direction::kMinimize;
  // Keep at most kMaxLines: rank by value and take evenly spaced ranks, the best first.
  std::sort(complete.begin(), complete.end(), [&](const TrialRecord* a, const TrialRecord* b) {
    return minimize ? TrialValue(*a) < TrialValue(*b) : TrialValue(*a) > TrialValue(*b);
  });
  if (static_cast<int>(complete.size()) > kMaxLines) {
    std::vector<const TrialRecord*> kept;
    const double step = static_cast<double>(complete.size()) / kMaxLines;
    for (int i = 0; i < kMaxLines; ++i) kept.push_back(complete[static_cast<size_t>(i * step)]);
    complete.swap(kept);
  }
  // Axes: each parameter (normalised to [0, 1], log when it reads better), then the objective.
  std::vector<std::vector<double>> columns;
  for (const QString& name : params) {
    ParamAxis axis = Coordinates(complete, name);
    PlotAxis fitted;
    FitParamAxis(&fitted, axis, name);
    std::vector<double> norm;
    const bool log = fitted.log;
    const std::pair<double, double> range = internal::Range(axis.coords);
    const double lo = range.first, hi = range.second;  // captured below: no structured binding
    auto t = [&](double v) {
      if (!axis.categories.isEmpty()) {
        return axis.categories.size() > 1 ? v / (axis.categories.size() - 1) : 0.5;
      }
      if (!(hi > lo)) return 0.5;
      return log ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo))
                 : (v - lo) / (hi - lo);
    };
    for (double v : axis.coords) norm.push_back(std::isnan(v) ? std::nan("") : t(v));
    columns.push_back(std::move(norm));
    s.x.categories << name;
    if (!axis.categories.isEmpty()) {
      s.x.low_labels << axis.categories.front();
      s.x.high_labels << axis.categories.back();
    } else {
      s.x.low_labels << QString::number(lo, 'g', 3);
      s.x.high_labels << QString::number(hi, 'g', 3);
    }
  }
  std::vector<double> values;
  for (const TrialRecord* t : complete) values.push_back(TrialValue(*t));
  const auto [lo, hi] = internal::Range(values);
  std::vector<double> value_norm;
  for (double v : values) value_norm.push_back(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  columns.push_back(value_norm);
  s.x.categories << tr("objective");
  s.x.low_labels << QString::number(lo, 'g', 3);
  s.x.high_labels << QString::number(hi, 'g', 3);
  s.x.min = -0.2;
  s.x.max = columns.size() - 0.8;
  s.y.min = -0.03;
  s.y.max = 1.03;
  s.y.title = tr("normalised value");
  // Draw the worst first so the best end on top.
  for (size_t r = complete.size(); r-- > 0;) {
    QColor c = ValueColor(minimize ? 1.0 - value_norm[r] : value_norm[r]);
    c.setAlpha(r == 0 ? 255 : 150);
    PlotMarks line;
    line.kind = PlotMarks::Kind::kLine;
    line.size = r == 0 ? 2.5 : 1.2;
    line.color = c;
    // A parameter the trial does not have (a conditional one) is absent: a NaN point, where the
    // line breaks instead of crossing that axis anywhere.
    for (size_t a = 0; a < columns.size(); ++a) {
      line.points.emplace_back(static_cast<double>(a), columns[a][r]);
      line.trials.push_back(complete[r]->number);
    }
    s.marks.push_back(std::move(line));
  }
  s.color_bar = true;
  s.color_min = minimize ? hi : lo;
  s.color_max = minimize ? lo : hi;
  s.color_title = tr("objective");
  return s;
}

}  // namespace optiscope::ui
