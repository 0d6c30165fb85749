// JobRunner: runs one engine job (any function of a stop token and an EventSink) on a worker
// thread and hands its events to the GUI thread in batches (~30 Hz). The only place engine
// threads meet Qt: every mode view runs its work through one, and so do the data previews.
#pragma once

#include <QObject>
#include <QTimer>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "engine/events/events.h"

namespace optiscope::ui {

// A job runs on the worker thread; it publishes progress to `sink` (thread-safe, never blocks)
// and should return soon after `stop` is requested. It returns an empty string on success or
// the reason it failed; exceptions it throws are caught and reported as failures.
using EngineJob = std::function<std::string(std::stop_token stop, EventSink& sink)>;

// One job at a time. Every signal is emitted on the GUI thread; only value types cross. Destroy
// on the GUI thread: the destructor requests stop and joins the worker.
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

  // EventSink: thread-safe, called from the job; appends and returns.
  void Publish(Event event) override;

 signals:
  // The events published since the last tick, in order.
  void eventsReceived(const std::vector<optiscope::Event>& events);
  // The job returned (error empty) or failed (error says why); the worker thread has exited.
  // `cancelled` is true when stop had been requested.
  void finished(const QString& error, bool cancelled);

 private:
  struct Done {
    std::string error;
  };
  using Item = std::variant<Event, Done>;
  void Drain();

  std::mutex mu_;  // guards buffer_
  std::vector<Item> buffer_;
  QTimer timer_;
  std::jthread worker_;
  bool running_ = false;
};

}  // namespace optiscope::ui
