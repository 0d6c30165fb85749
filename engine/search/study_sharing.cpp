// Study members that share a study with other processes through the store (study.h), and the
// helpers of study_sharing.h.
#include "engine/search/study_sharing.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/search/study.h"
#include "engine/search/study_sampler.h"

namespace optiscope {

using Json = nlohmann::json;

std::string SpecDifference(const std::string& stored, const std::string& given) {
  const Json a = Json::parse(stored, nullptr, false);
  const Json b = Json::parse(given, nullptr, false);
  if (!a.is_object() || !b.is_object()) return a == b ? "" : "spec";
  const auto part = [](const Json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() ? Json() : *it;
  };
  // Directions may sit in the objective; the objective comparison covers them there.
  std::vector<std::string> differs;
  if (part(a, "space") != part(b, "space")) differs.push_back("search space");
  if (part(a, "objective") != part(b, "objective")) differs.push_back("objective");
  std::string out;
  for (size_t i = 0; i < differs.size(); ++i) out += (i == 0 ? "" : " and ") + differs[i];
  return out;
}

std::vector<std::string> DeadWorkersOnThisHost(const std::vector<WorkerRecord>& workers) {
  std::vector<std::string> dead;
  char host[256] = {0};
  if (::gethostname(host, sizeof(host) - 1) != 0) return dead;
  std::string me = host;
  std::replace(me.begin(), me.end(), ':', '_');
  for (const WorkerRecord& w : workers) {
    if (w.ended) continue;
    const auto parsed = ParseWorkerId(w.id);
    if (!parsed || parsed->host != me || parsed->pid <= 0 || parsed->pid == ::getpid()) continue;
    if (::kill(parsed->pid, 0) != 0 && errno == ESRCH) dead.push_back(w.id);
  }
  return dead;
}

double Study::PollSeconds() const {
  return std::clamp(spec_.heartbeat_grace_s / 6.0, 0.05, 1.0);
}

Status Study::SyncLocked() {
  auto changes = store_.ChangesSince(spec_.name, seen_version_);
  if (!changes.ok()) return changes.status();
  for (TrialRecord& t : changes->trials) MergeLocked(std::move(t));
  seen_version_ = std::max(seen_version_, changes->version);
  return Status::Ok();
}

void Study::MergeLocked(TrialRecord record) {
  const int n = record.number;
  if (n < 0) return;
  while (static_cast<int>(trials_.size()) <= n) {
    TrialRecord gap;  // filled by a later change; numbers are dense in every store
    gap.number = static_cast<int>(trials_.size());
    trials_.push_back(std::move(gap));
  }
  trials_[n] = std::move(record);
  FrozenTrial frozen = ToFrozenTrial(trials_[n], space_);
  const auto it = frozen_index_.find(n);
  if (it != frozen_index_.end()) {
    frozen_[it->second] = std::move(frozen);
  } else if (space_.Contains(frozen.params)) {
    frozen_index_[n] = static_cast<int>(frozen_.size());
    frozen_.push_back(std::move(frozen));
  }
}

bool Study::OthersPendingLocked() const {
  for (const TrialRecord& t : trials_) {
    if (t.state == TrialState::kWaiting) return true;
    if (t.state == TrialState::kRunning && t.worker != worker_) return true;
  }
  return false;
}

Status Study::FailStaleLocked(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now < next_stale_check_) return Status::Ok();
  next_stale_check_ = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(PollSeconds()));
  auto workers = store_.Workers(spec_.name);
  if (!workers.ok()) return workers.status();
  StalePolicy policy;
  policy.grace_s = spec_.heartbeat_grace_s;
  policy.retry_failed = spec_.retry_failed;
  policy.dead_workers = DeadWorkersOnThisHost(*workers);
  auto failed = store_.FailStaleTrials(spec_.name, policy);
  return failed.ok() ? Status::Ok() : failed.status();
}

void Study::ApplyControl() {
  auto control = store_.GetControl(spec_.name);
  if (!control.ok()) return;  // a transient read error: the next poll tries again
  // The records whose value changed since this process last applied them.
  std::map<std::string, std::string> changed;
  {
    std::lock_guard lock(mu_);
    if (control->version == control_version_) return;
    control_version_ = control->version;
    for (const auto& [key, value] : control->values) {
      std::string& applied = applied_control_[key];
      if (applied != value) changed[key] = value;
      applied = value;
    }
  }
  const auto warn = [&](const std::string& text) {
    LogLine line;
    line.level = LogLine::Level::kWarning;
    line.text = "study " + spec_.name + ": " + text;
    sink_.Publish(line);
  };
  if (const auto it = changed.find("space"); it != changed.end()) {
    // Ordered: a conditional parameter must stay after its parent (keys sorted would break it).
    using Ordered = nlohmann::ordered_json;
    Ordered spec = Ordered::parse(spec_.text, nullptr, false);
    const Ordered given = Ordered::parse(it->second, nullptr, false);
    if (!spec.is_object() || !given.is_object()) {
      warn("ignoring the stored space: not a JSON object");
    } else {
      spec["space"] = given;
      auto parsed = ParseStudySpec(spec.dump(), "stored space of " + spec_.name);
      if (parsed.ok()) {
        (void)SetSpace(parsed->space);
      } else {
        warn("ignoring the stored space: " + parsed.status().message());
      }
    }
  }
  const auto strategy = [&](const char* key, auto apply) {
    const auto it = changed.find(key);
    if (it == changed.end()) return;
    Json j = Json::parse(it->second, nullptr, false);
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
      warn(std::string("ignoring the stored ") + key + ": expected {\"type\": ...}");
      return;
    }
    const std::string name = j["type"].get<std::string>();
    j.erase("type");
    j.erase("seed");
    if (Status s = apply(name, j.dump()); !s.ok()) {
      warn(std::string("ignoring the stored ") + key + ": " + s.message());
    }
  };
  strategy("sampler", [&](const std::string& n, const std::string& o) { return SetSampler(n, o); });
  strategy("pruner", [&](const std::string& n, const std::string& o) { return SetPruner(n, o); });
  if (const auto it = changed.find("state"); it != changed.end()) {
    if (it->second == "stopped") {
      Stop();
    } else {
      std::lock_guard lock(mu_);
      store_paused_ = it->second == "paused";
      cv_.notify_all();
    }
  }
}

void Study::Beat() {
  auto stop = store_.Heartbeat(spec_.name, worker_);
  if (stop.ok()) {
    for (int trial : *stop) (void)StopTrial(trial);  // NotFound: it just ended
  }
  ApplyControl();
}

}  // namespace optiscope
