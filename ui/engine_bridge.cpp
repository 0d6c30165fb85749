#include "ui/engine_bridge.h"

#include <cmath>
#include <exception>
#include <limits>
#include <utility>

#include "engine/train/experiment.h"

namespace optiscope::ui {
namespace {

constexpr int kDrainIntervalMs = 33;  // ~30 Hz

RunFinished FailedRun(const std::string& reason) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  RunFinished f;
  f.run_id = "run";
  f.status = "failed";
  f.reason = reason;
  f.test_loss = f.test_accuracy = f.test_rmse = f.test_r2 = nan;
  return f;
}

}  // namespace

EngineBridge::EngineBridge(QObject* parent) : QObject(parent) {
  qRegisterMetaType<RunStarted>();
  qRegisterMetaType<EpochMetrics>();
  qRegisterMetaType<RunFinished>();
  qRegisterMetaType<LogLine>();
  qRegisterMetaType<DataPreview>();
  qRegisterMetaType<Projection>();
  drain_timer_.setInterval(kDrainIntervalMs);
  connect(&drain_timer_, &QTimer::timeout, this, &EngineBridge::Drain);
  drain_timer_.start();
  preview_thread_ = std::jthread([this](std::stop_token stop) { PreviewLoop(stop); });
}

EngineBridge::~EngineBridge() {
  drain_timer_.stop();
  if (run_thread_.joinable()) {
    run_thread_.request_stop();
    run_thread_.join();
  }
  preview_thread_.request_stop();
  preview_cv_.notify_all();
  if (preview_thread_.joinable()) preview_thread_.join();
}

bool EngineBridge::StartRun(const ExperimentConfig& config) {
  if (running_) return false;
  // The previous thread has already reported RunThreadDone, so this join returns at once.
  if (run_thread_.joinable()) run_thread_.join();
  running_ = true;
  last_finished_.reset();
  run_thread_ = std::jthread([this, config](std::stop_token stop) {
    RunThreadDone done;
    try {
      Result<RunResult> result = RunExperiment(config, *this, stop);
      if (!result.ok()) done.start_error = result.status().message();
    } catch (const std::exception& e) {
      done.start_error = std::string("internal error: ") + e.what();
    } catch (...) {
      done.start_error = "internal error: unknown exception";
    }
    Push(std::move(done));
  });
  return true;
}

void EngineBridge::RequestStop() {
  if (running_) run_thread_.request_stop();
}

int EngineBridge::RequestPreview(const DataConfig& data) {
  PreviewJob job;
  job.data = data;
  return Enqueue(std::move(job));
}

int EngineBridge::RequestDescribe(std::shared_ptr<const Table> table, const DataConfig& data) {
  PreviewJob job;
  job.data = data;
  job.table = std::move(table);
  return Enqueue(std::move(job));
}

int EngineBridge::Enqueue(PreviewJob job) {
  job.request_id = ++last_request_id_;
  const int id = job.request_id;
  {
    std::lock_guard lock(preview_mu_);
    next_job_ = std::move(job);
  }
  preview_cv_.notify_one();
  return id;
}

void EngineBridge::PreviewLoop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    PreviewJob job;
    {
      std::unique_lock lock(preview_mu_);
      if (!preview_cv_.wait(lock, stop, [this] { return next_job_.has_value(); })) return;
      job = std::move(*next_job_);
      next_job_.reset();
    }
    DataPreview preview;
    try {
      preview = job.table ? DescribeTable(job.table, job.data, job.request_id)
                          : BuildDataPreview(job.data, job.request_id);
    } catch (const std::exception& e) {
      preview.request_id = job.request_id;
      preview.source = QString::fromStdString(job.data.source);
      preview.error = QString::fromUtf8(e.what());
    }
    Push(std::move(preview));
  }
}

void EngineBridge::Publish(Event event) { Push(std::move(event)); }

void EngineBridge::Push(Item item) {
  std::lock_guard lock(mu_);
  buffer_.push_back(std::move(item));
}

void EngineBridge::Drain() {
  std::vector<Item> items;
  {
    std::lock_guard lock(mu_);
    items.swap(buffer_);
  }
  if (items.empty()) return;
  std::vector<EpochMetrics> epochs;
  auto flush_epochs = [&] {
    if (epochs.empty()) return;
    emit epochsReceived(epochs);
    epochs.clear();
  };
  for (Item& item : items) {
    if (auto* event = std::get_if<Event>(&item)) {
      if (auto* e = std::get_if<EpochMetrics>(event)) {
        epochs.push_back(std::move(*e));
        continue;
      }
      flush_epochs();
      if (auto* s = std::get_if<RunStarted>(event)) {
        emit runStarted(*s);
      } else if (auto* f = std::get_if<RunFinished>(event)) {
        last_finished_ = *f;
      } else if (auto* l = std::get_if<LogLine>(event)) {
        emit logLine(*l);
      } else if (auto* p = std::get_if<Projection>(event)) {
        emit projectionReceived(*p);
      }
    } else if (auto* done = std::get_if<RunThreadDone>(&item)) {
      flush_epochs();
      if (run_thread_.joinable()) run_thread_.join();  // it has returned: no wait
      running_ = false;
      RunFinished finished;
      if (done->start_error) {
        finished = FailedRun(*done->start_error);
      } else if (last_finished_) {
        finished = *last_finished_;
      } else {
        finished = FailedRun("the run ended without reporting a result");
      }
      last_finished_.reset();
      emit runFinished(finished);
    } else if (auto* preview = std::get_if<DataPreview>(&item)) {
      flush_epochs();
      if (preview->request_id == last_request_id_) emit previewReady(*preview);
    }
  }
  flush_epochs();
}

}  // namespace optiscope::ui
