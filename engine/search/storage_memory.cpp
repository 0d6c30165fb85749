// MemoryStudyStore: studies kept in a map under one mutex; for tests and throw-away studies.
#include <algorithm>
#include <map>
#include <mutex>

#include "engine/search/storage.h"

namespace optiscope {
namespace {

class MemoryStudyStore final : public StudyStore {
 public:
  Result<StudyInfo> CreateOrOpenStudy(const std::string& name, const std::string& spec_json,
                                      const std::vector<Direction>& directions) override {
    std::lock_guard lock(mu_);
    auto it = studies_.find(name);
    if (it == studies_.end()) {
      Entry entry;
      entry.info.name = name;
      entry.info.spec_json = spec_json;
      entry.info.directions = directions;
      it = studies_.emplace(name, std::move(entry)).first;
    } else {
      for (TrialRecord& t : it->second.trials) {
        if (t.state == TrialState::kRunning) {
          t.state = TrialState::kFailed;
          t.reason = "process ended while running";
        }
      }
    }
    return InfoOf(it->second);
  }

  Result<StudyInfo> GetStudy(const std::string& name) override {
    std::lock_guard lock(mu_);
    auto it = studies_.find(name);
    if (it == studies_.end()) return NotFoundLocked(name);
    return InfoOf(it->second);
  }

  Result<std::vector<StudyInfo>> ListStudies() override {
    std::lock_guard lock(mu_);
    std::vector<StudyInfo> out;
    for (const auto& [name, entry] : studies_) out.push_back(InfoOf(entry));
    return out;
  }

  Result<int> StartTrial(const std::string& study, const std::vector<TrialParam>& params,
                         const std::string& origin) override {
    std::lock_guard lock(mu_);
    auto it = studies_.find(study);
    if (it == studies_.end()) return NotFoundLocked(study);
    TrialRecord t;
    t.number = static_cast<int>(it->second.trials.size());
    t.params = params;
    t.origin = origin;
    it->second.trials.push_back(std::move(t));
    return it->second.trials.back().number;
  }

  Status ReportIntermediate(const std::string& study, int trial, int step,
                            double value) override {
    std::lock_guard lock(mu_);
    TrialRecord* t = FindLocked(study, trial);
    if (t == nullptr) return Status::NotFound("no trial " + std::to_string(trial) + " in " + study);
    t->intermediate.emplace_back(step, value);
    return Status::Ok();
  }

  Status FinishTrial(const std::string& study, const TrialRecord& record) override {
    std::lock_guard lock(mu_);
    TrialRecord* t = FindLocked(study, record.number);
    if (t == nullptr) {
      return Status::NotFound("no trial " + std::to_string(record.number) + " in " + study);
    }
    t->state = record.state;
    t->values = record.values;
    t->reason = record.reason;
    t->seconds = record.seconds;
    return Status::Ok();
  }

  Result<std::vector<TrialRecord>> Trials(const std::string& study) override {
    std::lock_guard lock(mu_);
    auto it = studies_.find(study);
    if (it == studies_.end()) return NotFoundLocked(study);
    return it->second.trials;
  }

 private:
  struct Entry {
    StudyInfo info;
    std::vector<TrialRecord> trials;
  };

  static StudyInfo InfoOf(const Entry& e) {
    StudyInfo info = e.info;
    info.n_trials = static_cast<int>(e.trials.size());
    info.n_complete = static_cast<int>(std::count_if(
        e.trials.begin(), e.trials.end(),
        [](const TrialRecord& t) { return t.state == TrialState::kComplete; }));
    return info;
  }

  Status NotFoundLocked(const std::string& name) const {
    std::string names;
    for (const auto& [n, e] : studies_) names += (names.empty() ? "" : ", ") + n;
    return Status::NotFound("no study named '" + name + "' in memory" +
                            (names.empty() ? std::string(" (empty)") : " (studies: " + names + ")"));
  }

  TrialRecord* FindLocked(const std::string& study, int trial) {
    auto it = studies_.find(study);
    if (it == studies_.end() || trial < 0 ||
        trial >= static_cast<int>(it->second.trials.size())) {
      return nullptr;
    }
    return &it->second.trials[trial];
  }

  std::mutex mu_;
  std::map<std::string, Entry> studies_;
};

}  // namespace

std::unique_ptr<StudyStore> MakeMemoryStudyStore() { return std::make_unique<MemoryStudyStore>(); }

}  // namespace optiscope
