// StudyWatcher: follows a study that other processes run, through its store (File › Attach to
// study): opens the store and loads every trial on a JobRunner's worker thread, then polls
// StudyStore::ChangesSince about once a second and hands only the changed trials to the GUI
// thread; steering writes (pause, new settings, stop a trial) go to the store on the same worker.
#pragma once

#include <QObject>
#include <QTimer>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/search/storage.h"
#include "engine/search/study_steering.h"
#include "ui/job_runner.h"

namespace optiscope::ui {

// Opens the store at `url` to watch a study others run: like OpenStudyStore, but an SQLite file
// that does not exist is NotFound (never created), and "memory" (private to one process) is
// InvalidArgument. Blocking store I/O: call it off the GUI thread.
Result<std::unique_ptr<StudyStore>> OpenAttachableStore(const std::string& url);

// One thing the worker learned, handed to the GUI thread by value.
struct StudyWatchUpdate {
  enum class Kind {
    kOpened,     // the first load: info, trials (all of them), control
    kChanged,    // a poll: trials that changed since the last one; control when it changed
    kPollError,  // a poll failed (the watcher keeps polling); error
    kFailed,     // the store or study could not be opened; error; the worker has ended
    kSteered,    // a steering write finished: what, error (empty: written)
  };
  Kind kind = Kind::kChanged;
  StudyInfo info;
  std::vector<TrialRecord> trials;
  std::optional<StudyControl> control;
  int64_t version = 0;  // the study's version after this update
  std::string what;
  std::string error;
};

// Watches one study of one store. Start() launches the worker; every update is delivered on the
// GUI thread through updatesReady() + TakeUpdates(), in order. GUI thread only (the worker touches
// nothing of this object: it owns its store and shares only a mutex-guarded queue).
class StudyWatcher final : public QObject {
  Q_OBJECT

 public:
  // `url`: a StudyStore URL (OpenStudyStore); `study`: the study's name.
  StudyWatcher(std::string url, std::string study, QObject* parent = nullptr);
  // Requests stop and waits briefly for the worker; a worker still blocked in the store (a
  // server that does not answer) is left to finish on its own, so destroying never hangs.
  ~StudyWatcher() override;

  // Starts the worker: open, load, then poll every `poll_ms` milliseconds (> 0). Once.
  void Start(int poll_ms = 1000);
  // Queues a steering write (run on the worker in order, then a poll at once); its result comes
  // back as a kSteered update named `what`. Never blocks.
  void Steer(std::string what, std::function<Status(StudyStore&, const std::string& study)> write);
  // The updates delivered since the last call, in order.
  std::vector<StudyWatchUpdate> TakeUpdates();
  // True until a kFailed update has been delivered (the worker has then ended).
  bool IsWatching() const { return watching_; }

  // The hand-off between the worker and this object (defined in the .cpp).
  struct Shared;

  const std::string& url() const { return url_; }
  const std::string& study() const { return study_; }

 signals:
  // Updates are waiting for TakeUpdates (emitted on the GUI thread, at most ~10 times a second).
  void updatesReady();

 private:
  void Drain();

  std::string url_;
  std::string study_;
  std::shared_ptr<Shared> shared_;
  JobRunner runner_;  // runs the poller; detaches it if a store blocks at destruction
  QTimer timer_;
  std::vector<StudyWatchUpdate> ready_;
  bool started_ = false;
  bool watching_ = true;
};

}  // namespace optiscope::ui
