// MemoryStudyStore: studies kept in a map under one mutex; for tests, throw-away studies and
// several Study objects of one process sharing a study. Same contract as SQLite (storage.h); its
// clock is this process's system clock.
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "engine/search/storage.h"

namespace optiscope {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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

  Status UpdateStudySpec(const std::string& name, const std::string& spec_json) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(name);
    if (e == nullptr) return NotFoundLocked(name);
    e->info.spec_json = spec_json;
    ++e->version;
    return Status::Ok();
  }

  Status RegisterWorker(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    e->workers[worker] = {Now(), false};
    return Status::Ok();
  }

  Result<std::vector<int>> Heartbeat(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    e->workers[worker] = {Now(), false};
    std::vector<int> stop;
    for (const Trial& t : e->trials) {
      if (t.record.state == TrialState::kRunning && t.record.worker == worker && t.stop_requested) {
        stop.push_back(t.record.number);
      }
    }
    return stop;
  }

  Status EndWorker(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    auto it = e->workers.find(worker);
    if (it != e->workers.end()) it->second.ended = true;
    return Status::Ok();
  }

  Result<std::vector<WorkerRecord>> Workers(const std::string& study) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    std::vector<WorkerRecord> out;
    const double now = Now();
    for (const auto& [id, w] : e->workers) {
      out.push_back({id, std::max(0.0, now - w.heartbeat), w.ended});
    }
    return out;
  }

  Result<std::optional<TrialRecord>> ReserveTrial(const std::string& study,
                                                  const TrialReservation& r) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    if (r.claim_waiting) {
      for (Trial& t : e->trials) {
        if (t.record.state != TrialState::kWaiting) continue;
        t.record.state = TrialState::kRunning;
        t.record.worker = r.worker;
        t.version = ++e->version;
        return std::optional<TrialRecord>(t.record);
      }
    }
    if (r.n_trials > 0) {
      const auto used = std::count_if(e->trials.begin(), e->trials.end(),
                                      [](const Trial& t) { return t.record.uses_budget; });
      if (used >= r.n_trials) return std::optional<TrialRecord>();
    }
    Trial t;
    t.record.number = static_cast<int>(e->trials.size());
    t.record.params = r.params;
    t.record.origin = r.origin;
    t.record.worker = r.worker;
    t.version = ++e->version;
    e->trials.push_back(t);
    return std::optional<TrialRecord>(t.record);
  }

  Status SetTrialParams(const std::string& study, int trial,
                        const std::vector<TrialParam>& params) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    Trial* t = FindLocked(*e, trial);
    if (t == nullptr) return NoTrial(study, trial);
    t->record.params = params;
    t->version = ++e->version;
    return Status::Ok();
  }

  Result<bool> SetTrialParamsUnlessDuplicate(const std::string& study, int trial,
                                             const std::vector<TrialParam>& params) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    Trial* t = FindLocked(*e, trial);
    if (t == nullptr) return NoTrial(study, trial);
    for (const Trial& other : e->trials) {
      if (other.record.number != trial && other.record.params == params) return false;
    }
    t->record.params = params;
    t->version = ++e->version;
    return true;
  }

  Status ReportIntermediate(const std::string& study, int trial, int step,
                            double value) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    Trial* t = FindLocked(*e, trial);
    if (t == nullptr) return NoTrial(study, trial);
    auto& steps = t->record.intermediate;
    auto it = std::find_if(steps.begin(), steps.end(), [&](const auto& s) { return s.first == step; });
    if (it != steps.end()) {
      it->second = value;
    } else {
      steps.emplace_back(step, value);
    }
    t->version = ++e->version;
    return Status::Ok();
  }

  Status FinishTrial(const std::string& study, const TrialRecord& record) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    Trial* t = FindLocked(*e, record.number);
    if (t == nullptr) return NoTrial(study, record.number);
    if (t->record.state != TrialState::kRunning) {
      return Status::Cancelled("trial " + std::to_string(record.number) + " of " + study +
                               " is no longer running (" + TrialStateName(t->record.state) +
                               (t->record.reason.empty() ? "" : ": " + t->record.reason) + ")");
    }
    t->record.state = record.state;
    t->record.values = record.values;
    t->record.reason = record.reason;
    t->record.seconds = record.seconds;
    t->record.uses_budget = record.uses_budget;
    t->version = ++e->version;
    return Status::Ok();
  }

  Result<std::vector<int>> FailStaleTrials(const std::string& study,
                                           const StalePolicy& policy) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    const double now = Now();
    std::vector<int> failed;
    const size_t n = e->trials.size();  // retries appended below are waiting, not running
    for (size_t i = 0; i < n; ++i) {
      Trial& t = e->trials[i];
      if (t.record.state != TrialState::kRunning) continue;
      const auto w = e->workers.find(t.record.worker);
      bool dead = w == e->workers.end() || w->second.ended ||
                  now - w->second.heartbeat > policy.grace_s;
      for (const std::string& d : policy.dead_workers) dead = dead || d == t.record.worker;
      if (!dead) continue;
      t.record.state = TrialState::kFailed;
      t.record.reason = kProcessEndedReason;
      t.record.uses_budget = false;
      t.version = ++e->version;
      failed.push_back(t.record.number);
      if (t.retries >= policy.retry_failed) continue;
      Trial retry;
      retry.record.number = static_cast<int>(e->trials.size());
      retry.record.state = TrialState::kWaiting;
      retry.record.params = t.record.params;
      retry.root = t.root >= 0 ? t.root : t.record.number;
      retry.record.origin = "retry of " + std::to_string(retry.root);
      retry.retries = t.retries + 1;
      retry.version = e->version;
      e->trials.push_back(std::move(retry));  // invalidates t
    }
    return failed;
  }

  Status RequestTrialStop(const std::string& study, int trial) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    Trial* t = FindLocked(*e, trial);
    if (t == nullptr || t->record.state != TrialState::kRunning) {
      return Status::NotFound("trial " + std::to_string(trial) + " of " + study +
                              " is not running");
    }
    t->stop_requested = true;
    t->version = ++e->version;
    return Status::Ok();
  }

  Result<std::vector<TrialRecord>> Trials(const std::string& study) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    std::vector<TrialRecord> out;
    out.reserve(e->trials.size());
    for (const Trial& t : e->trials) out.push_back(t.record);
    return out;
  }

  Result<StudyChanges> ChangesSince(const std::string& study, int64_t since) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    StudyChanges out;
    out.version = e->version;
    for (const Trial& t : e->trials) {
      if (t.version > since) out.trials.push_back(t.record);
    }
    return out;
  }

  Status SetControl(const std::string& study, const std::string& key,
                    const std::string& value) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    e->control.values[key] = value;
    e->control.version = ++e->version;
    return Status::Ok();
  }

  Result<StudyControl> GetControl(const std::string& study) override {
    std::lock_guard lock(mu_);
    Entry* e = EntryLocked(study);
    if (e == nullptr) return NotFoundLocked(study);
    return e->control;
  }

 private:
  struct Trial {
    TrialRecord record;
    int64_t version = 0;
    bool stop_requested = false;
    int root = -1;  // first trial of its retry chain; -1: itself
    int retries = 0;
  };
  struct Worker {
    double heartbeat = 0.0;
    bool ended = false;
  };
  struct Entry {
    StudyInfo info;
    std::vector<Trial> trials;
    std::map<std::string, Worker> workers;
    StudyControl control;
    int64_t version = 0;
  };

  static StudyInfo InfoOf(const Entry& e) {
    StudyInfo info = e.info;
    info.n_trials = static_cast<int>(e.trials.size());
    info.n_complete = static_cast<int>(
        std::count_if(e.trials.begin(), e.trials.end(),
                      [](const Trial& t) { return t.record.state == TrialState::kComplete; }));
    return info;
  }

  static Status NoTrial(const std::string& study, int trial) {
    return Status::NotFound("no trial " + std::to_string(trial) + " in " + study);
  }

  Status NotFoundLocked(const std::string& name) const {
    std::string names;
    for (const auto& [n, e] : studies_) names += (names.empty() ? "" : ", ") + n;
    return Status::NotFound("no study named '" + name + "' in memory" +
                            (names.empty() ? std::string(" (empty)") : " (studies: " + names + ")"));
  }

  Entry* EntryLocked(const std::string& name) {
    auto it = studies_.find(name);
    return it == studies_.end() ? nullptr : &it->second;
  }

  static Trial* FindLocked(Entry& e, int trial) {
    if (trial < 0 || trial >= static_cast<int>(e.trials.size())) return nullptr;
    return &e.trials[trial];
  }

  std::mutex mu_;
  std::map<std::string, Entry> studies_;
};

}  // namespace

std::unique_ptr<StudyStore> MakeMemoryStudyStore() { return std::make_unique<MemoryStudyStore>(); }

}  // namespace optiscope
