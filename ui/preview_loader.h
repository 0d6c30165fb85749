// PreviewLoader: the Data section's previews (first rows, column types, task) computed on a
// JobRunner worker, newest request first: a request supersedes an older one not yet started.
#pragma once

#include <QObject>
#include <memory>
#include <optional>

#include "engine/config/experiment_config.h"
#include "engine/data/table.h"
#include "ui/data_preview.h"

namespace optiscope::ui {

class JobRunner;

// One preview computes at a time; a request made meanwhile waits, and a newer request replaces
// it. Only the answer to the newest request is delivered (previewReady), on the GUI thread. Only
// values cross: the job owns copies of its inputs and its output. GUI thread only; the destructor
// waits for the preview in flight (readers take no stop token).
class PreviewLoader final : public QObject {
  Q_OBJECT

 public:
  explicit PreviewLoader(QObject* parent = nullptr);
  ~PreviewLoader() override;

  // Loads and describes `data` (BuildDataPreview); the answer carries the returned request id.
  int RequestPreview(const DataConfig& data);
  // Recomputes the summary for another target / task over a table already loaded (no reparse).
  int RequestDescribe(std::shared_ptr<const Table> table, const DataConfig& data);

 signals:
  // The answer to the newest request (failures have `error` set).
  void previewReady(const optiscope::ui::DataPreview& preview);

 private:
  struct Request {
    int id = 0;
    DataConfig data;
    std::shared_ptr<const Table> table;  // set: describe only
  };
  int Enqueue(Request request);
  void StartNext();
  void OnFinished(const QString& error);

  JobRunner* runner_ = nullptr;
  std::optional<Request> next_;          // waiting for the runner
  std::optional<Request> running_;       // in flight
  std::shared_ptr<DataPreview> result_;  // the job in flight writes it; read once it finished
  int last_id_ = 0;
};

}  // namespace optiscope::ui
