// EngineBridge: the ONLY place where engine threads meet Qt. Runs experiments and data previews on
// worker threads and hands their value-type results to the GUI thread in batches (~30 Hz).
#pragma once

#include <QObject>
#include <QTimer>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <variant>
#include <vector>

#include "engine/events/events.h"
#include "ui/data_preview.h"
#include "ui/engine_types.h"

namespace optiscope::ui {

// Owns one training thread and one data-loading thread. Engine threads call Publish (an
// EventSink), which only appends to a mutex-guarded buffer; a GUI-thread QTimer drains it and
// emits the signals below, so every signal is emitted on the GUI thread and never blocks on the
// engine. Only value types cross. Not copyable; destroy on the GUI thread (the destructor requests
// stop and joins the workers).
class EngineBridge final : public QObject, public EventSink {
  Q_OBJECT

 public:
  explicit EngineBridge(QObject* parent = nullptr);
  ~EngineBridge() override;

  // Starts RunExperiment(config) on the training thread. Returns false (and does nothing) while a
  // run is in flight. Errors that prevent the run from starting arrive as runFinished with
  // status "failed" and the Status message as reason.
  bool StartRun(const ExperimentConfig& config);
  // Asks the run in flight to stop (it ends within one mini-batch, status "cancelled"). Never
  // blocks. No effect when idle.
  void RequestStop();
  // True from StartRun until runFinished has been emitted.
  bool IsRunning() const { return running_; }

  // Loads and describes `data` on the loading thread; the answer arrives as previewReady with the
  // returned request id. A newer request supersedes an older one not yet started.
  int RequestPreview(const DataConfig& data);
  // Recomputes the summary for another target / task over a table already loaded (no reparse).
  int RequestDescribe(std::shared_ptr<const Table> table, const DataConfig& data);

  // EventSink: thread-safe, called from engine threads; appends and returns.
  void Publish(Event event) override;

 signals:
  void runStarted(const optiscope::RunStarted& started);
  // The epochs that arrived since the last tick, in order.
  void epochsReceived(const std::vector<optiscope::EpochMetrics>& epochs);
  void logLine(const optiscope::LogLine& line);
  // The run ended (ok, cancelled or failed) and the training thread has exited.
  void runFinished(const optiscope::RunFinished& finished);
  void previewReady(const optiscope::ui::DataPreview& preview);
  // A 2-D projection published by the run (training.projection_every > 0: the data at start,
  // then the last hidden layer every N epochs), in order.
  void projectionReceived(const optiscope::Projection& projection);

 private:
  // The training thread has returned from RunExperiment (with this failure when it could not
  // start).
  struct RunThreadDone {
    std::optional<std::string> start_error;
  };
  using Item = std::variant<Event, RunThreadDone, DataPreview>;
  struct PreviewJob {
    int request_id = 0;
    DataConfig data;
    std::shared_ptr<const Table> table;  // set: describe only
  };

  void Push(Item item);
  void Drain();  // GUI thread: moves the buffer out and emits
  void PreviewLoop(std::stop_token stop);
  int Enqueue(PreviewJob job);

  std::mutex mu_;  // guards buffer_
  std::vector<Item> buffer_;
  QTimer drain_timer_;

  std::jthread run_thread_;
  bool running_ = false;  // GUI thread only
  std::optional<RunFinished> last_finished_;

  std::mutex preview_mu_;  // guards next_job_
  std::condition_variable_any preview_cv_;
  std::optional<PreviewJob> next_job_;
  int last_request_id_ = 0;  // GUI thread only
  std::jthread preview_thread_;  // declared last: started after the members it uses
};

}  // namespace optiscope::ui
