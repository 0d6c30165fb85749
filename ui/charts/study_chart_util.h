// Small helpers shared by the study charts' scene builders (gathering values, axis fitting).
#pragma once

#include <QString>
#include <vector>

#include "ui/charts/study_plot.h"
#include "ui/models/trials_model.h"

namespace optiscope::ui::internal {

// Finite min and max of `v` (NaN, NaN when none).
std::pair<double, double> Range(const std::vector<double>& v);
// True when every value is positive and max/min > 100: such an axis reads better in log scale.
bool WantsLog(const std::vector<double>& v);
// Fits `axis` to `v`, choosing log scale by WantsLog.
void FitValues(PlotAxis* axis, const std::vector<double>& v);
// The complete trials with a finite objective `objective`.
std::vector<const TrialRecord*> CompleteTrials(const TrialsModel& model, int objective = 0);
// The objective's axis title: its name and "(lower is better)" / "(higher is better)".
QString ObjectiveTitle(const TrialsModel& model, int objective = 0);

}  // namespace optiscope::ui::internal
