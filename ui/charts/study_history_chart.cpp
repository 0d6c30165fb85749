#include <algorithm>
#include <cmath>

#include "engine/search/study_analysis.h"
#include "ui/charts/study_chart_util.h"
#include "ui/charts/study_charts.h"

namespace optiscope::ui {

PlotScene StudyHistoryChart::BuildScene() const {
  PlotScene s;
  s.title = tr("Optimization history");
  s.x.title = tr("trial");
  s.y.title = internal::ObjectiveTitle(*model());
  const auto complete = internal::CompleteTrials(*model());
  if (complete.empty()) {
    s.message = tr("No complete trial yet");
    return s;
  }
  PlotMarks points;
  points.color = TrialStateColor(TrialState::kComplete);
  points.name = tr("objective value");
  std::vector<double> values;
  std::vector<double> numbers;
  for (const TrialRecord* t : complete) {
    values.push_back(TrialValue(*t));
    numbers.push_back(t->number);
    points.points.emplace_back(t->number, TrialValue(*t));
    points.trials.push_back(t->number);
  }
  // Trials finish out of order with parallel workers: the best-so-far runs in trial order.
  std::vector<size_t> order(complete.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return numbers[a] < numbers[b]; });
  std::vector<double> sorted_values;
  for (size_t i : order) sorted_values.push_back(values[i]);
  const std::vector<double> best = BestSoFar(sorted_values, model()->direction());
  PlotMarks line;
  line.kind = PlotMarks::Kind::kLine;
  line.color = QColor(0xd6, 0x30, 0x31);
  line.size = 2.0;
  line.name = tr("best so far");
  // A step line needs only the points where the best changes (and the last trial).
  for (size_t k = 0; k < order.size(); ++k) {
    const double x = numbers[order[k]];
    if (k > 0 && best[k] != best[k - 1]) line.points.emplace_back(x, best[k - 1]);
    if (k == 0 || best[k] != best[k - 1] || k + 1 == order.size()) {
      line.points.emplace_back(x, best[k]);
    }
  }
  internal::FitValues(&s.y, values);
  FitAxis(&s.x, numbers[order.front()], numbers[order.back()]);
  s.marks.push_back(std::move(points));
  s.marks.push_back(std::move(line));
  return s;
}

PlotScene StudyEdfChart::BuildScene() const {
  PlotScene s;
  s.title = tr("Empirical distribution of the objective");
  s.x.title = internal::ObjectiveTitle(*model());
  s.y.title = tr("fraction of trials <= value");
  std::vector<double> values;
  for (const TrialRecord* t : internal::CompleteTrials(*model())) values.push_back(TrialValue(*t));
  const EmpiricalDistribution edf = EmpiricalCdf(values);
  if (edf.x.empty()) {
    s.message = tr("No complete trial yet");
    return s;
  }
  PlotMarks line;
  line.kind = PlotMarks::Kind::kLine;
  line.color = TrialStateColor(TrialState::kComplete);
  line.size = 2.0;
  // Steps, thinned to at most ~1000 vertices (every k-th step; the last always kept).
  const size_t n = edf.x.size();
  const size_t every = std::max<size_t>(1, n / 500);
  double previous = 0.0;
  for (size_t i = 0; i < n; i += every) {
    line.points.emplace_back(edf.x[i], previous);
    line.points.emplace_back(edf.x[i], edf.y[i]);
    previous = edf.y[i];
  }
  if ((n - 1) % every != 0) {
    line.points.emplace_back(edf.x[n - 1], previous);
    line.points.emplace_back(edf.x[n - 1], 1.0);
  }
  internal::FitValues(&s.x, values);
  s.y.min = 0.0;
  s.y.max = 1.02;
  s.marks.push_back(std::move(line));
  return s;
}

}  // namespace optiscope::ui
