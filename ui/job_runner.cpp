#include "ui/job_runner.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <variant>

namespace optiscope::ui {

struct JobRunner::Channel final : EventSink {
  struct Done {
    std::string error;
  };
  using Item = std::variant<Event, Done>;

  std::mutex mu;                 // guards everything below
  std::condition_variable ended;  // notified when a job returns
  std::vector<Item> buffer;
  bool job_returned = true;

  void Publish(Event event) override {
    std::lock_guard lock(mu);
    buffer.push_back(std::move(event));
  }
  void Finish(std::string error) {
    std::lock_guard lock(mu);
    buffer.push_back(Done{std::move(error)});
    job_returned = true;
    ended.notify_all();
  }
};

JobRunner::JobRunner(QObject* parent) : QObject(parent), channel_(std::make_shared<Channel>()) {
  timer_.setInterval(33);
  connect(&timer_, &QTimer::timeout, this, &JobRunner::Drain);
}

JobRunner::~JobRunner() {
  if (!worker_.joinable()) return;
  worker_.request_stop();
  if (detach_after_.count() >= 0) {
    std::unique_lock lock(channel_->mu);
    if (!channel_->ended.wait_for(lock, detach_after_, [this] { return channel_->job_returned; })) {
      lock.unlock();
      worker_.detach();  // it holds its own reference to the channel and ends on its own
      return;
    }
  }
  worker_.join();
}

bool JobRunner::Start(EngineJob job) {
  if (running_) return false;
  if (worker_.joinable()) worker_.join();  // a finished worker: returns at once
  running_ = true;
  {
    std::lock_guard lock(channel_->mu);
    channel_->job_returned = false;
  }
  timer_.start();
  worker_ = std::jthread([channel = channel_, job = std::move(job)](std::stop_token stop) {
    std::string error;
    try {
      error = job(stop, *channel);
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "the job failed with an exception";
    } catch (...) {
      error = "the job failed with an unknown exception";
    }
    channel->Finish(std::move(error));
  });
  return true;
}

void JobRunner::RequestStop() {
  if (running_) worker_.request_stop();
}

void JobRunner::Publish(Event event) { channel_->Publish(std::move(event)); }

void JobRunner::Drain() {
  std::vector<Channel::Item> items;
  {
    std::lock_guard lock(channel_->mu);
    items.swap(channel_->buffer);
  }
  std::vector<Event> events;
  for (Channel::Item& item : items) {
    if (auto* event = std::get_if<Event>(&item)) {
      events.push_back(std::move(*event));
      continue;
    }
    if (!events.empty()) emit eventsReceived(events);
    events.clear();
    const Channel::Done& done = std::get<Channel::Done>(item);
    const bool cancelled = worker_.get_stop_token().stop_requested();
    if (worker_.joinable()) worker_.join();  // it has pushed Done: returns at once
    running_ = false;
    timer_.stop();
    emit finished(QString::fromStdString(done.error), cancelled);
  }
  if (!events.empty()) emit eventsReceived(events);
}

}  // namespace optiscope::ui
