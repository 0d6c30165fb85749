// JobRunner: runs one engine job (any function of a stop token and an EventSink) on a worker
// thread and hands its events to the GUI thread in batches (~30 Hz). The only place engine
// threads meet Qt: every mode view runs its work through one, and so do the data previews.
#pragma once

#include <QObject>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "engine/events/events.h"

namespace optiscope::ui {

// A job runs on the worker thread; it publishes progress to `sink` (thread-safe, never blocks)
// and should return soon after `stop` is requested. It returns an empty string on success or
// the reason it failed; exceptions it throws are caught and reported as failures.
using EngineJob = std::function<std::string(std::stop_token stop, EventSink& sink)>;

// One job at a time. Every signal is emitted on the GUI thread; only value types cross. Destroy
// on the GUI thread: the destructor requests stop and joins the worker (or, with
// SetDetachAfter, waits a bounded time and then leaves the worker to end on its own).
class JobRunner final : public QObject, public EventSink {
  Q_OBJECT

 public:
  explicit JobRunner(QObject* parent = nullptr);
  ~JobRunner() override;

  // Starts `job`; false (and nothing happens) while another job is in flight.
  bool Start(EngineJob job);
  // Asks the job in flight to stop; never blocks. No effect when idle.
  void RequestStop();
  // True from Start until `finished` has been emitted.
  bool IsRunning() const { return running_; }
  // Delivers everything published so far now (tests call it instead of waiting for the timer).
  void DrainNow() { Drain(); }
  // For jobs that own everything they use (captured by value or shared_ptr) and may block where
  // a stop request cannot reach (a database server that does not answer): the destructor waits
  // at most `grace` for the job to return, then detaches the worker instead of joining it, so
  // closing the window never hangs. The detached job keeps publishing into a buffer nobody reads.
  void SetDetachAfter(std::chrono::milliseconds grace) { detach_after_ = grace; }

  // EventSink: thread-safe, called from the job; appends and returns.
  void Publish(Event event) override;

 signals:
  // The events published since the last tick, in order.
  void eventsReceived(const std::vector<optiscope::Event>& events);
  // The job returned (error empty) or failed (error says why); the worker thread has exited.
  // `cancelled` is true when stop had been requested.
  void finished(const QString& error, bool cancelled);

 private:
  // The buffer between the worker and this object, shared with the worker (so a detached worker
  // never touches a destroyed JobRunner). Defined in the .cpp.
  struct Channel;
  void Drain();

  std::shared_ptr<Channel> channel_;
  QTimer timer_;
  std::jthread worker_;
  bool running_ = false;
  std::chrono::milliseconds detach_after_{-1};  // < 0: always join
};

}  // namespace optiscope::ui
