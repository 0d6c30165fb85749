#include "ui/charts/study_chart_util.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscope::ui::internal {

std::pair<double, double> Range(const std::vector<double>& v) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  if (lo > hi) return {std::nan(""), std::nan("")};
  return {lo, hi};
}

bool WantsLog(const std::vector<double>& v) {
  const auto [lo, hi] = Range(v);
  return std::isfinite(lo) && lo > 0.0 && hi / lo > 100.0;
}

void FitValues(PlotAxis* axis, const std::vector<double>& v) {
  const auto [lo, hi] = Range(v);
  axis->log = WantsLog(v);
  FitAxis(axis, lo, hi);
}

std::vector<const TrialRecord*> CompleteTrials(const TrialsModel& model, int objective) {
  std::vector<const TrialRecord*> out;
  for (const TrialRecord& t : model.trials()) {
    if (t.state == TrialState::kComplete && std::isfinite(TrialValue(t, objective))) {
      out.push_back(&t);
    }
  }
  return out;
}

QString ObjectiveTitle(const TrialsModel& model, int objective) {
  const QString name = objective < model.objective_names().size()
                           ? model.objective_names()[objective]
                           : QStringLiteral("value");
  return model.direction(objective) == Direction::kMinimize
             ? QCoreApplication::translate("StudyCharts", "%1 (lower is better)").arg(name)
             : QCoreApplication::translate("StudyCharts", "%1 (higher is better)").arg(name);
}

}  // namespace optiscope::ui::internal
