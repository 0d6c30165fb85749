// FoldReporter: turns the per-epoch values of k cross-validation folds trained side by side into
// one intermediate value per epoch (the mean over the folds) for the study's pruner.
#pragma once

#include <map>
#include <mutex>
#include <stop_token>
#include <vector>

#include "engine/search/objective.h"

namespace optiscope {

// Folds run concurrently and call Put from their own threads. Epoch e is reported (through
// TrialContext::Report, in increasing epoch order, once) when every fold still running has
// reached e (reported e or a later epoch) — the value is the mean over the folds that reported
// e; a finished fold (Finish) no longer holds the others back (early stopping, failure). When
// Report says stop (pruned, stopped), `stop` is requested, which stops every fold.
// Thread-safe.
class FoldReporter {
 public:
  FoldReporter(TrialContext& context, int folds, std::stop_source stop);
  void Put(int fold, int epoch, double value);
  void Finish(int fold);
  // The (epoch, mean) pairs reported so far, in order (for tests).
  std::vector<std::pair<int, double>> Reported() const;

 private:
  void FlushLocked();

  TrialContext& context_;
  std::stop_source stop_;
  mutable std::mutex mu_;
  std::vector<std::map<int, double>> values_;
  std::vector<bool> done_;
  int last_reported_ = -1;
  std::vector<std::pair<int, double>> reported_;
};

}  // namespace optiscope
