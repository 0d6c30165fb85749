// Importance bars, intermediate-value curves and the two-objective Pareto front.
#include <algorithm>
#include <cmath>

#include "engine/search/study_analysis.h"
#include "ui/charts/study_chart_util.h"
#include "ui/charts/study_charts.h"

namespace optiscope::ui {

void StudyImportanceChart::SetImportances(std::vector<std::pair<QString, double>> importances,
                                          const QString& note) {
  importances_ = std::move(importances);
  note_ = note;
  message_.clear();
  Invalidate();
}

void StudyImportanceChart::SetMessage(const QString& message) {
  message_ = message;
  importances_.clear();
  Invalidate();
}

PlotScene StudyImportanceChart::BuildScene() const {
  PlotScene s;
  s.title = note_.isEmpty() ? tr("Hyperparameter importance (fANOVA)")
                            : tr("Hyperparameter importance (fANOVA, %1)").arg(note_);
  s.x.title = tr("share of the objective's variance explained");
  if (importances_.empty()) {
    s.message =
        message_.isEmpty() ? tr("Importance appears after a few complete trials") : message_;
    return s;
  }
  PlotMarks bars;
  bars.kind = PlotMarks::Kind::kHorizontalBars;
  double max = 0.0;
  // Most important on top: the last category is drawn highest.
  for (size_t i = importances_.size(); i-- > 0;) {
    const auto& [name, value] = importances_[i];
    s.y.categories << QStringLiteral("%1  %2%").arg(name).arg(100.0 * value, 0, 'f', 1);
    bars.points.emplace_back(value, s.y.categories.size() - 1);
    bars.colors.push_back(
        ValueColor(0.25 + 0.6 * static_cast<double>(i) / std::max<size_t>(1, importances_.size())));
    max = std::max(max, value);
  }
  s.y.min = -0.6;
  s.y.max = s.y.categories.size() - 0.4;
  s.x.min = 0.0;
  s.x.max = std::max(0.05, max * 1.08);
  s.marks.push_back(std::move(bars));
  return s;
}

void StudyIntermediateChart::SetTrial(std::optional<int> trial) {
  trial_ = trial;
  Invalidate();
}

PlotScene StudyIntermediateChart::BuildScene() const {
  PlotScene s;
  if (!trial_) {
    s.title = tr("Intermediate values");
  } else if (*trial_ < 0) {
    s.title = tr("Intermediate values of the selected trial");  // none selected yet
  } else {
    s.title = tr("Intermediate values of trial %1").arg(*trial_);
  }
  s.x.title = tr("step");
  s.y.title = tr("reported value");
  std::vector<const TrialRecord*> shown;
  if (trial_) {
    if (const TrialRecord* t = model()->Find(*trial_)) shown.push_back(t);
  } else {
    for (const TrialRecord& t : model()->trials()) {
      if (!t.intermediate.empty()) shown.push_back(&t);
    }
    // The most recent kMaxCurves trials (running ones are among them).
    if (static_cast<int>(shown.size()) > kMaxCurves) {
      shown.erase(shown.begin(), shown.end() - kMaxCurves);
    }
  }
  std::vector<double> xs;
  std::vector<double> ys;
  for (const TrialRecord* t : shown) {
    PlotMarks line;
    line.kind = PlotMarks::Kind::kLine;
    QColor c = TrialStateColor(t->state);
    if (t->state == TrialState::kPruned) c.setAlpha(70);
    if (t->state == TrialState::kComplete) c.setAlpha(trial_ ? 255 : 170);
    line.color = c;
    line.size = trial_ ? 2.0 : 1.2;
    for (const auto& [step, value] : t->intermediate) {
      line.points.emplace_back(step, value);
      line.trials.push_back(t->number);
      xs.push_back(step);
      ys.push_back(value);
    }
    if (line.points.size() == 1) line.kind = PlotMarks::Kind::kPoints;
    s.marks.push_back(std::move(line));
  }
  if (xs.empty()) {
    // A negative trial is "none selected yet" (never "trial -1").
    s.message = !trial_      ? tr("No trial reported intermediate values yet")
                : *trial_ < 0 ? tr("Select a trial to see its intermediate values")
                              : tr("Trial %1 reported no intermediate value").arg(*trial_);
    return s;
  }
  const auto [x_lo, x_hi] = internal::Range(xs);
  FitAxis(&s.x, x_lo, x_hi);
  internal::FitValues(&s.y, ys);
  if (!trial_) {
    // Legend entries: one invisible layer per state.
    for (auto state :
         {TrialState::kComplete, TrialState::kPruned, TrialState::kRunning, TrialState::kFailed}) {
      PlotMarks legend;
      legend.color = TrialStateColor(state);
      legend.name = TrialStateText(state);
      s.marks.push_back(std::move(legend));
    }
  }
  return s;
}

PlotScene StudyParetoChart::BuildScene() const {
  PlotScene s;
  s.title = tr("Pareto front");
  if (model()->objective_names().size() < 2) {
    s.message = tr("The Pareto front needs a study with two objectives");
    return s;
  }
  s.x.title = internal::ObjectiveTitle(*model(), 0);
  s.y.title = internal::ObjectiveTitle(*model(), 1);
  std::vector<const TrialRecord*> complete;
  std::vector<ObjectivePoint> points;
  for (const TrialRecord* t : internal::CompleteTrials(*model(), 0)) {
    if (!std::isfinite(TrialValue(*t, 1))) continue;
    complete.push_back(t);
    points.push_back({TrialValue(*t, 0), TrialValue(*t, 1)});
  }
  if (complete.empty()) {
    s.message = tr("No complete trial yet");
    return s;
  }
  const std::vector<int> front = ParetoFront2(points, model()->direction(0), model()->direction(1));
  PlotMarks all;
  all.color = QColor(0x2f, 0x80, 0xed, 140);
  all.name = tr("trials");
  std::vector<double> xs;
  std::vector<double> ys;
  for (size_t i = 0; i < complete.size(); ++i) {
    all.points.emplace_back(points[i].first, points[i].second);
    all.trials.push_back(complete[i]->number);
    xs.push_back(points[i].first);
    ys.push_back(points[i].second);
  }
  PlotMarks line;
  line.kind = PlotMarks::Kind::kLine;
  line.color = QColor(0xd6, 0x30, 0x31);
  line.size = 2.0;
  line.name = tr("Pareto front (%1 trials)").arg(front.size());
  PlotMarks front_points;
  front_points.color = line.color;
  front_points.size = 4.5;
  for (int i : front) {
    line.points.emplace_back(points[i].first, points[i].second);
    front_points.points.emplace_back(points[i].first, points[i].second);
    front_points.trials.push_back(complete[i]->number);
  }
  internal::FitValues(&s.x, xs);
  internal::FitValues(&s.y, ys);
  s.marks.push_back(std::move(all));
  s.marks.push_back(std::move(line));
  s.marks.push_back(std::move(front_points));
  return s;
}

}  // namespace optiscope::ui
