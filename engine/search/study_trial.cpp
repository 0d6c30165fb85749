#include "engine/search/study_trial.h"

#include <algorithm>
#include <cmath>

namespace optiscope {

const char* DirectionName(Direction direction) {
  return direction == Direction::kMaximize ? "maximize" : "minimize";
}

const TrialParam* TrialRecord::Find(const std::string& name) const {
  for (const TrialParam& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

bool Dominates(const std::vector<double>& a, const std::vector<double>& b,
               const std::vector<Direction>& directions) {
  bool better = false;
  for (size_t i = 0; i < directions.size(); ++i) {
    const double x = directions[i] == Direction::kMaximize ? -a[i] : a[i];
    const double y = directions[i] == Direction::kMaximize ? -b[i] : b[i];
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

FrozenTrial ToFrozenTrial(const TrialRecord& record, const SearchSpace& space) {
  FrozenTrial t;
  t.number = record.number;
  t.state = record.state;
  t.values = record.values;
  for (const auto& [step, value] : record.intermediate) t.intermediate[step] = value;
  for (const TrialParam& p : record.params) {
    double v = p.value;
    const int i = space.Find(p.name);
    if (i >= 0 && space.params()[i].IsCategorical()) {
      const auto& choices = space.params()[i].choices;
      const auto it = std::find(choices.begin(), choices.end(), p.label);
      v = it == choices.end() ? -1.0 : static_cast<double>(it - choices.begin());
    }
    t.params[p.name] = v;
  }
  return t;
}

namespace {
bool Usable(const TrialRecord& t, size_t n) {
  if (t.state != TrialState::kComplete || t.values.size() != n) return false;
  for (double v : t.values) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}
}  // namespace

std::vector<int> ParetoFront(const std::vector<TrialRecord>& trials,
                             const std::vector<Direction>& directions) {
  std::vector<int> front;
  for (const TrialRecord& t : trials) {
    if (!Usable(t, directions.size())) continue;
    bool dominated = false;
    for (const TrialRecord& o : trials) {
      if (&o != &t && Usable(o, directions.size()) && Dominates(o.values, t.values, directions)) {
        dominated = true;
        break;
      }
    }
    if (!dominated) front.push_back(t.number);
  }
  return front;
}

const TrialRecord* BestRecord(const std::vector<TrialRecord>& trials,
                             const std::vector<Direction>& directions) {
  const TrialRecord* best = nullptr;
  if (directions.empty()) return nullptr;
  const bool maximize = directions[0] == Direction::kMaximize;
  for (const TrialRecord& t : trials) {
    if (!Usable(t, directions.size())) continue;
    if (best == nullptr || (maximize ? t.values[0] > best->values[0]
                                     : t.values[0] < best->values[0])) {
      best = &t;
    }
  }
  return best;
}

}  // namespace optiscope
