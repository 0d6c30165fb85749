#include "ui/job_runner.h"

#include <exception>

namespace optiscope::ui {

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
  timer_.setInterval(33);
  connect(&timer_, &QTimer::timeout, this, &JobRunner::Drain);
}

JobRunner::~JobRunner() {
  if (worker_.joinable()) {
    worker_.request_stop();
    worker_.join();
  }
}

bool JobRunner::Start(EngineJob job) {
  if (running_) return false;
  if (worker_.joinable()) worker_.join();  // a finished worker: returns at once
  running_ = true;
  timer_.start();
  worker_ = std::jthread([this, job = std::move(job)](std::stop_token stop) {
    std::string error;
    try {
      error = job(stop, *this);
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "the job failed with an exception";
    } catch (...) {
      error = "the job failed with an unknown exception";
    }
    std::lock_guard lock(mu_);
    buffer_.push_back(Done{std::move(error)});
  });
  return true;
}

void JobRunner::RequestStop() {
  if (running_) worker_.request_stop();
}

void JobRunner::Publish(Event event) {
  std::lock_guard lock(mu_);
  buffer_.push_back(std::move(event));
}

void JobRunner::Drain() {
  std::vector<Item> items;
  {
    std::lock_guard lock(mu_);
    items.swap(buffer_);
  }
  std::vector<Event> events;
  for (Item& item : items) {
    if (auto* event = std::get_if<Event>(&item)) {
      events.push_back(std::move(*event));
      continue;
    }
    if (!events.empty()) emit eventsReceived(events);
    events.clear();
    const Done& done = std::get<Done>(item);
    const bool cancelled = worker_.get_stop_token().stop_requested();
    if (worker_.joinable()) worker_.join();  // it has pushed Done: returns at once
    running_ = false;
    timer_.stop();
    emit finished(QString::fromStdString(done.error), cancelled);
  }
  if (!events.empty()) emit eventsReceived(events);
}

}  // namespace optiscope::ui
