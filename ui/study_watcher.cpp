#include "ui/study_watcher.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <utility>

namespace optiscope::ui {

using SteerWrite = std::function<Status(StudyStore&, const std::string&)>;

struct StudyWatcher::Shared {
  std::mutex mu;                     // guards everything below
  std::condition_variable_any wake;  // a steering write was queued
  std::deque<std::pair<std::string, SteerWrite>> inbox;
  std::vector<StudyWatchUpdate> outbox;

  void Push(StudyWatchUpdate update) {
    std::lock_guard lock(mu);
    outbox.push_back(std::move(update));
  }
};

Result<std::unique_ptr<StudyStore>> OpenAttachableStore(const std::string& url) {
  if (url.empty() || url == "memory") {
    return Status::InvalidArgument("storage '" + url +
                                   "': expected sqlite:PATH or postgresql://... (a store other "
                                   "processes share)");
  }
  std::string path;
  if (url == "sqlite") path = DefaultSqlitePath();
  if (url.rfind("sqlite:", 0) == 0) path = url.substr(7);
  if (!path.empty() || url.rfind("sqlite:", 0) == 0) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
      return Status::NotFound("no study storage file " + (path.empty() ? url : path));
    }
  }
  return OpenStudyStore(url);
}

namespace {

StudyWatchUpdate Failure(StudyWatchUpdate::Kind kind, std::string error) {
  StudyWatchUpdate u;
  u.kind = kind;
  u.error = std::move(error);
  return u;
}

// The worker: everything it touches is owned here or in `shared`.
void Watch(const std::shared_ptr<StudyWatcher::Shared>& shared, const std::string& url,
           const std::string& study, std::chrono::milliseconds poll, std::stop_token stop) {
  using Kind = StudyWatchUpdate::Kind;
  Result<std::unique_ptr<StudyStore>> store = OpenAttachableStore(url);
  if (!store.ok()) return shared->Push(Failure(Kind::kFailed, store.status().message()));
  Result<StudyInfo> info = (*store)->GetStudy(study);
  if (!info.ok()) return shared->Push(Failure(Kind::kFailed, info.status().message()));
  // Trials and the version they are current at, in one read: nothing falls between the two.
  // Since -1, not 0: trials of a database upgraded from schema 1 carry version 0 (attaching to
  // the golden v1 study showed "0 trials").
  Result<StudyChanges> all = (*store)->ChangesSince(study, -1);
  if (!all.ok()) return shared->Push(Failure(Kind::kFailed, all.status().message()));
  Result<StudyControl> control = (*store)->GetControl(study);
  if (!control.ok()) return shared->Push(Failure(Kind::kFailed, control.status().message()));
  int64_t since = all->version;
  int64_t control_version = control->version;
  {
    StudyWatchUpdate u;
    u.kind = Kind::kOpened;
    u.info = std::move(info).value();
    u.trials = std::move(all->trials);
    u.control = std::move(control).value();
    u.version = since;
    shared->Push(std::move(u));
  }
  std::string last_error;
  while (!stop.stop_requested()) {
    std::deque<std::pair<std::string, SteerWrite>> writes;
    {
      std::unique_lock lock(shared->mu);
      shared->wake.wait_for(lock, stop, poll, [&] { return !shared->inbox.empty(); });
      if (stop.stop_requested()) return;
      writes.swap(shared->inbox);
    }
    for (auto& [what, write] : writes) {
      StudyWatchUpdate u;
      u.kind = Kind::kSteered;
      u.what = what;
      u.error = write(**store, study).message();
      shared->Push(std::move(u));
    }
    Result<StudyChanges> changes = (*store)->ChangesSince(study, since);
    if (!changes.ok()) {
      // Reported once per distinct error; the next poll tries again.
      if (changes.status().message() != last_error) {
        last_error = changes.status().message();
        shared->Push(Failure(Kind::kPollError, last_error));
      }
      continue;
    }
    last_error.clear();
    if (changes->version == since) continue;
    since = changes->version;
    StudyWatchUpdate u;
    u.kind = Kind::kChanged;
    u.version = since;
    u.trials = std::move(changes->trials);
    if (Result<StudyControl> c = (*store)->GetControl(study);
        c.ok() && c->version != control_version) {
      control_version = c->version;
      u.control = std::move(c).value();
    }
    if (!u.trials.empty() || u.control) shared->Push(std::move(u));
  }
}

}  // namespace

StudyWatcher::StudyWatcher(std::string url, std::string study, QObject* parent)
    : QObject(parent),
      url_(std::move(url)),
      study_(std::move(study)),
      shared_(std::make_shared<Shared>()) {
  timer_.setInterval(100);
  connect(&timer_, &QTimer::timeout, this, &StudyWatcher::Drain);
  // The poller owns its store and shares only `shared_`: when it is blocked in a store that does
  // not answer, destroying the watcher waits half a second and then leaves it to end on its own.
  runner_.SetDetachAfter(std::chrono::milliseconds(500));
}

StudyWatcher::~StudyWatcher() = default;  // runner_ stops (or detaches) the poller

void StudyWatcher::Start(int poll_ms) {
  if (started_) return;
  started_ = true;
  const auto poll = std::chrono::milliseconds(poll_ms > 0 ? poll_ms : 1000);
  runner_.Start([shared = shared_, url = url_, study = study_, poll](std::stop_token stop,
                                                                     EventSink&) -> std::string {
    try {
      Watch(shared, url, study, poll, stop);
    } catch (const std::exception& e) {
      shared->Push(Failure(StudyWatchUpdate::Kind::kFailed, e.what()));
    } catch (...) {
      shared->Push(Failure(StudyWatchUpdate::Kind::kFailed, "the study watcher failed"));
    }
    return {};
  });
  timer_.start();
}

void StudyWatcher::Steer(std::string what, SteerWrite write) {
  {
    std::lock_guard lock(shared_->mu);
    shared_->inbox.emplace_back(std::move(what), std::move(write));
  }
  shared_->wake.notify_all();
}

void StudyWatcher::Drain() {
  {
    std::lock_guard lock(shared_->mu);
    if (shared_->outbox.empty()) return;
    for (StudyWatchUpdate& u : shared_->outbox) ready_.push_back(std::move(u));
    shared_->outbox.clear();
  }
  for (const StudyWatchUpdate& u : ready_) {
    if (u.kind == StudyWatchUpdate::Kind::kFailed) {
      watching_ = false;
      timer_.stop();
    }
  }
  emit updatesReady();
}

std::vector<StudyWatchUpdate> StudyWatcher::TakeUpdates() {
  std::vector<StudyWatchUpdate> out;
  out.swap(ready_);
  return out;
}

}  // namespace optiscope::ui
