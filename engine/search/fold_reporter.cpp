#include "engine/search/fold_reporter.h"

#include <climits>

namespace optiscope {

FoldReporter::FoldReporter(TrialContext& context, int folds, std::stop_source stop)
    : context_(context), stop_(std::move(stop)), values_(folds), done_(folds, false) {}

void FoldReporter::Put(int fold, int epoch, double value) {
  std::lock_guard lock(mu_);
  values_[fold][epoch] = value;
  FlushLocked();
}

void FoldReporter::Finish(int fold) {
  std::lock_guard lock(mu_);
  done_[fold] = true;
  FlushLocked();
}

std::vector<std::pair<int, double>> FoldReporter::Reported() const {
  std::lock_guard lock(mu_);
  return reported_;
}

void FoldReporter::FlushLocked() {
  while (!stop_.stop_requested()) {
    // The next epoch any fold has reported.
    int next = INT_MAX;
    for (const auto& v : values_) {
      const auto it = v.upper_bound(last_reported_);
      if (it != v.end()) next = std::min(next, it->first);
    }
    if (next == INT_MAX) return;
    double sum = 0.0;
    int count = 0;
    for (size_t f = 0; f < values_.size(); ++f) {
      const auto& v = values_[f];
      if (!done_[f] && (v.empty() || v.rbegin()->first < next)) return;  // still on its way
      if (const auto it = v.find(next); it != v.end()) {
        sum += it->second;
        ++count;
      }
    }
    last_reported_ = next;
    const double mean = sum / count;
    reported_.emplace_back(next, mean);
    if (context_.Report(next, mean)) stop_.request_stop();
  }
}

}  // namespace optiscope
