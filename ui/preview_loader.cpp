#include "ui/preview_loader.h"

#include <utility>

#include "ui/job_runner.h"

namespace optiscope::ui {

PreviewLoader::PreviewLoader(QObject* parent) : QObject(parent) {
  qRegisterMetaType<DataPreview>();
  runner_ = new JobRunner(this);
  connect(runner_, &JobRunner::finished, this, [this](const QString& error) { OnFinished(error); });
}

PreviewLoader::~PreviewLoader() {
  delete runner_;  // joins the job in flight before result_ goes away
}

int PreviewLoader::RequestPreview(const DataConfig& data) {
  Request request;
  request.data = data;
  return Enqueue(std::move(request));
}

int PreviewLoader::RequestDescribe(std::shared_ptr<const Table> table, const DataConfig& data) {
  Request request;
  request.data = data;
  request.table = std::move(table);
  return Enqueue(std::move(request));
}

int PreviewLoader::Enqueue(Request request) {
  request.id = ++last_id_;
  next_ = std::move(request);
  StartNext();
  return last_id_;
}

void PreviewLoader::StartNext() {
  if (runner_->IsRunning() || !next_) return;
  running_ = std::move(next_);
  next_.reset();
  result_ = std::make_shared<DataPreview>();
  runner_->Start([request = *running_, result = result_](std::stop_token, EventSink&) {
    *result = request.table ? DescribeTable(request.table, request.data, request.id)
                            : BuildDataPreview(request.data, request.id);
    return std::string();
  });
}

void PreviewLoader::OnFinished(const QString& error) {
  DataPreview preview = std::move(*result_);
  result_.reset();
  const Request request = std::move(*running_);
  running_.reset();
  if (!error.isEmpty()) {  // the reader threw (it reports failures in `error` otherwise)
    preview = DataPreview();
    preview.request_id = request.id;
    preview.source = QString::fromStdString(request.data.source);
    preview.error = error;
  }
  StartNext();
  if (preview.request_id == last_id_) emit previewReady(preview);
}

}  // namespace optiscope::ui
