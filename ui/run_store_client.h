// RunStoreClient: the runs file (engine/runs/run_store.h) used from the GUI thread without ever
// waiting on it — requests are queued, served in order by one background worker (a JobRunner job),
// and answered by signals on the GUI thread. The Runs tab's only way to its store.
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/runs/run_record.h"

namespace optiscope::ui {

class JobRunner;

// Requests are served one at a time, in the order they were made, by a worker that owns the
// RunStore (no RunStore call is ever made on the GUI thread); each is answered by exactly one
// signal, in the same order, emitted on the GUI thread. Only values cross: a request copies its
// RunRecord, an answer carries its own. Store errors are answers (an error text naming the file),
// never exceptions.
//
// A run added by Add is named, until `added` gives its store id, by a key the caller chose (< 0);
// Remove accepts that key, so "Add, then Remove before the Add was answered" deletes the run.
//
// Destroy on the GUI thread: the destructor serves every write still queued (Add and Remove, and an
// Open they depend on; reads are skipped) and closes the file, so no run is lost on quit. It blocks
// for as long as those writes take (milliseconds each; at most the store's two-second wait for
// another process holding the file). No signal is emitted after destruction begins.
// GUI thread only.
class RunStoreClient final : public QObject {
  Q_OBJECT

 public:
  explicit RunStoreClient(QObject* parent = nullptr);
  ~RunStoreClient() override;
  RunStoreClient(const RunStoreClient&) = delete;
  RunStoreClient& operator=(const RunStoreClient&) = delete;

  // Opens (creating) the runs file at `path` — ":memory:" is a store kept for this session only —
  // and lists its newest runs: answered by `opened`. Requests made after it use this store; when
  // it cannot be opened they have none (Add answers id 0, Get an error, Remove succeeds).
  void Open(const std::string& path);
  // Stores `run` (its id is ignored) under the caller's `key` (REQUIRES key < 0, not used before):
  // answered by `added`.
  void Add(int64_t key, RunRecord run);
  // Reads run `id` (> 0) with its epochs: answered by `loaded`.
  void Get(int64_t id);
  // Deletes the run `key` names: a store id (> 0) or the key of an earlier Add (< 0); a key that
  // names no stored run is no error. Answered by `removed`.
  void Remove(int64_t key);

  // Requests made and not answered yet.
  int Pending() const { return unanswered_; }

  // Tests: `probe` is called on the worker, with the call's name ("Open", "List", "Add", "Get",
  // "Remove"), just before each RunStore call. Set it before making requests.
  using CallProbe = std::function<void(const char* call)>;
  void SetCallProbe(CallProbe probe);

 signals:
  // Open's answer: `runs` the newest stored runs, oldest first, without their epochs; or `error`
  // (non-empty) says why the file cannot be used, and `runs` is empty.
  void opened(const QString& error, const std::vector<optiscope::RunRecord>& runs);
  // Add's answer: the run's store id; or 0 with `error` empty (no store is open: the run is kept
  // for this session only), or 0 with `error` saying why the store refused it.
  void added(qint64 key, qint64 id, const QString& error);
  // Get's answer: run `id` with its epochs; or `error` says why it cannot be read.
  void loaded(qint64 id, const optiscope::RunRecord& run, const QString& error);
  // Remove's answer: `error` empty when the run is no longer stored.
  void removed(qint64 key, const QString& error);
  // Every request made so far has been answered (emitted after the last answer).
  void idle();

 private:
  // The queue between this object and the worker, and the worker's store (defined in the .cpp;
  // shared with the job, so the worker never touches this object).
  struct Queue;
  struct Request;
  void Submit(Request request);
  void StartWorker();
  void OnWorkerFinished(const QString& error);
  void Deliver();

  std::shared_ptr<Queue> queue_;
  std::unique_ptr<JobRunner> runner_;
  bool start_when_finished_ = false;  // a request came while the last job was returning
  int unanswered_ = 0;
};

}  // namespace optiscope::ui
