// SearchView's analyses computed off the GUI thread: fANOVA importance and the contour chart's
// interpolated grid (both engine computations run on their own JobRunner; the chart shows the
// result when it arrives).
#include <algorithm>

#include "engine/search/contour_grid.h"
#include "engine/search/importance.h"
#include "ui/charts/study_charts.h"
#include "ui/job_runner.h"
#include "ui/models/trials_model.h"
#include "ui/views/search_view.h"

namespace optiscope::ui {
namespace {

// The analyses read at most the latest 2,000 complete trials: fANOVA's forest is O(n log n) per
// tree and the contour grid interpolates every point, and converting a 10,000-trial study on each
// poll would cost the GUI thread a visible hitch. Converted from the back, so the cost does not
// grow with the study.
constexpr size_t kMaxAnalysedTrials = 2000;

std::vector<FrozenTrial> LatestCompleteTrials(const std::vector<TrialRecord>& trials,
                                              const SearchSpace& space) {
  std::vector<FrozenTrial> history;
  for (auto it = trials.rbegin(); it != trials.rend() && history.size() < kMaxAnalysedTrials;
       ++it) {
    if (it->state == TrialState::kComplete) history.push_back(ToFrozenTrial(*it, space));
  }
  std::reverse(history.begin(), history.end());
  return history;
}

}  // namespace

void SearchView::MaybeComputeImportance(bool force) {
  if (!spec_ || spec_->space.empty()) return;
  int complete = 0;
  for (const TrialRecord& t : model_->trials()) complete += t.state == TrialState::kComplete;
  if (complete < 2) {
    if (force) importance_->SetMessage(tr("Importance needs at least 2 complete trials"));
    return;
  }
  if (complete == importance_done_at_) return;
  if (!force && complete < importance_done_at_ + kImportanceEvery) return;
  if (importance_runner_->IsRunning()) {
    importance_pending_ = true;  // recomputed when the one in flight ends
    return;
  }
  importance_pending_ = false;
  importance_done_at_ = complete;
  const SearchSpace space = spec_->space;
  std::vector<FrozenTrial> history = LatestCompleteTrials(model_->trials(), space);
  auto result = std::make_shared<Result<std::vector<ParamImportance>>>(
      Status::Internal("importance not computed"));
  importance_runner_->Start(
      [space, history = std::move(history), result](std::stop_token, EventSink&) {
        *result = FanovaImportance(space, history);
        return std::string();
      });
  connect(
      importance_runner_, &JobRunner::finished, this,
      [this, result, complete] {
        if (result->ok()) {
          std::vector<std::pair<QString, double>> bars;
          for (const ParamImportance& p : **result) {
            bars.emplace_back(QString::fromStdString(p.name), p.importance);
          }
          importance_->SetImportances(std::move(bars), tr("%1 complete trials").arg(complete));
        } else {
          importance_->SetMessage(QString::fromStdString(result->status().message()));
        }
        emit importanceUpdated();
        if (importance_pending_ || !IsRunning()) MaybeComputeImportance(!IsRunning());
      },
      Qt::SingleShotConnection);
}

void SearchView::MaybeComputeContour(bool force) {
  if (!spec_ || spec_->space.empty()) return;
  const std::string x = contour_->x_param().toStdString();
  const std::string y = contour_->y_param().toStdString();
  if (x.empty() || y.empty() || x == y) return;
  int complete = 0;
  for (const TrialRecord& t : model_->trials()) complete += t.state == TrialState::kComplete;
  if (complete < 2) return;
  const QString key = QString::fromStdString(x + '\n' + y);
  const bool same_pair = key == contour_key_;
  if (same_pair && complete == contour_done_at_) return;
  if (same_pair && !force && complete < contour_done_at_ + kImportanceEvery) return;
  if (contour_runner_->IsRunning()) {
    contour_pending_ = true;  // recomputed when the one in flight ends
    return;
  }
  contour_pending_ = false;
  contour_done_at_ = complete;
  contour_key_ = key;
  const SearchSpace space = spec_->space;
  std::vector<FrozenTrial> history = LatestCompleteTrials(model_->trials(), space);
  auto result =
      std::make_shared<Result<ContourGrid>>(Status::Internal("contour grid not computed"));
  contour_runner_->Start(
      [space, history = std::move(history), x, y, result](std::stop_token, EventSink&) {
        *result = ComputeContourGrid(space, history, x, y);
        return std::string();
      });
  connect(
      contour_runner_, &JobRunner::finished, this,
      [this, result] {
        if (result->ok()) contour_->SetGrid(std::move(result->value()));
        emit contourUpdated();
        if (!result->ok()) contour_->SetGrid(std::nullopt);
        // The pair may have changed meanwhile, or trials arrived: catch up (a pair already
        // computed at this trial count returns at once, so this ends).
        if (contour_pending_ || !IsRunning()) MaybeComputeContour(!IsRunning());
      },
      Qt::SingleShotConnection);
}

}  // namespace optiscope::ui
