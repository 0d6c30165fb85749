#include "ui/run_store_client.h"

#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <stop_token>
#include <utility>
#include <variant>

#include "engine/runs/run_store.h"
#include "ui/job_runner.h"

namespace optiscope::ui {
// The requests and answers that cross between the GUI thread and the worker (plain values).
namespace run_store_client {

struct OpenCall {
  std::string path;
};
struct AddCall {
  int64_t key = 0;
  RunRecord run;
};
struct GetCall {
  int64_t id = 0;
};
struct RemoveCall {
  int64_t key = 0;
};

struct OpenAnswer {
  std::string error;
  std::vector<RunRecord> runs;
};
struct AddAnswer {
  int64_t key = 0;
  int64_t id = 0;
  std::string error;
};
struct GetAnswer {
  int64_t id = 0;
  RunRecord run;
  std::string error;
};
struct RemoveAnswer {
  int64_t key = 0;
  std::string error;
};
using Answer = std::variant<OpenAnswer, AddAnswer, GetAnswer, RemoveAnswer>;

using Call = std::variant<OpenCall, AddCall, GetCall, RemoveCall>;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

using CallProbe = RunStoreClient::CallProbe;

// The worker's side: the store and what it assigned. Touched by one job at a time (jobs never
// overlap), never by the GUI thread.
struct Worker {
  std::unique_ptr<RunStore> store;
  std::map<int64_t, int64_t> ids_by_key;  // Add's key -> the id the store gave

  // Serves one call. `closing`: the client is going away, so reads are skipped (nobody will see
  // their answers) but writes, and the Open they need, are made.
  Answer Serve(Call& call, bool closing, const CallProbe& probe) {
    auto about_to = [&probe](const char* name) {
      if (probe) probe(name);
    };
    return std::visit(
        Overloaded{
            [&](OpenCall& c) -> Answer {
              store.reset();
              ids_by_key.clear();
              about_to("Open");
              Result<std::unique_ptr<RunStore>> opened = RunStore::Open(c.path);
              if (!opened.ok()) return OpenAnswer{opened.status().message(), {}};
              if (closing) {
                store = std::move(*opened);
                return OpenAnswer{};
              }
              about_to("List");
              Result<std::vector<RunRecord>> listed = (*opened)->List();
              if (!listed.ok()) return OpenAnswer{listed.status().message(), {}};
              store = std::move(*opened);
              return OpenAnswer{std::string(), std::move(*listed)};
            },
            [&](AddCall& c) -> Answer {
              if (!store) return AddAnswer{c.key, 0, std::string()};
              about_to("Add");
              Result<int64_t> id = store->Add(c.run);
              if (!id.ok()) return AddAnswer{c.key, 0, id.status().message()};
              ids_by_key[c.key] = *id;
              return AddAnswer{c.key, *id, std::string()};
            },
            [&](GetCall& c) -> Answer {
              if (closing) return GetAnswer{c.id, {}, "the runs file is closing"};
              if (!store) return GetAnswer{c.id, {}, "no runs file is open"};
              about_to("Get");
              Result<RunRecord> run = store->Get(c.id);
              if (!run.ok()) return GetAnswer{c.id, {}, run.status().message()};
              return GetAnswer{c.id, std::move(*run), std::string()};
            },
            [&](RemoveCall& c) -> Answer {
              int64_t id = c.key;
              if (c.key < 0) {
                const auto it = ids_by_key.find(c.key);
                id = it == ids_by_key.end() ? 0 : it->second;
              }
              if (!store || id <= 0) return RemoveAnswer{c.key, std::string()};
              about_to("Remove");
              const Status removed = store->Remove(id);
              return RemoveAnswer{c.key, removed.ok() ? std::string() : removed.message()};
            },
        },
        call);
  }
};

// The answer to `call` when serving it threw.
Answer FailedAnswer(const Call& call, const std::string& error) {
  return std::visit(Overloaded{
                        [&](const OpenCall&) -> Answer {
                          return OpenAnswer{error, {}};
                        },
                        [&](const AddCall& c) -> Answer {
                          return AddAnswer{c.key, 0, error};
                        },
                        [&](const GetCall& c) -> Answer {
                          return GetAnswer{c.id, {}, error};
                        },
                        [&](const RemoveCall& c) -> Answer {
                          return RemoveAnswer{c.key, error};
                        },
                    },
                    call);
}

}  // namespace run_store_client

struct RunStoreClient::Request {
  run_store_client::Call call;
};

struct RunStoreClient::Queue {
  std::mutex mu;  // guards pending, answers, worker_taking and probe
  std::deque<Request> pending;
  std::vector<run_store_client::Answer> answers;
  bool worker_taking = false;  // a job is serving `pending` (or is about to start)
  CallProbe probe;
  run_store_client::Worker worker;  // the jobs' own, unguarded

  // The job: serves requests until none is left, then returns (clearing worker_taking under the
  // lock, so that the next request starts a new job). Once `stop` is requested (the client is
  // being destroyed), or with `closing`, reads are skipped. Never throws.
  void ServeAll(const std::stop_token& stop, bool closing) {
    for (;;) {
      Request request;
      CallProbe call_probe;
      {
        std::lock_guard lock(mu);
        if (pending.empty()) {
          worker_taking = false;
          return;
        }
        request = std::move(pending.front());
        pending.pop_front();
        call_probe = probe;
      }
      run_store_client::Answer answer;
      try {
        answer = worker.Serve(request.call, closing || stop.stop_requested(), call_probe);
      } catch (const std::exception& e) {
        answer = FailedAnswer(request.call, std::string("the runs file failed: ") + e.what());
      } catch (...) {
        answer = FailedAnswer(request.call, "the runs file failed with an unknown exception");
      }
      std::lock_guard lock(mu);
      answers.push_back(std::move(answer));
    }
  }
};

RunStoreClient::RunStoreClient(QObject* parent)
    : QObject(parent), queue_(std::make_shared<Queue>()), runner_(std::make_unique<JobRunner>()) {
  connect(runner_.get(), &JobRunner::finished, this,
          [this](const QString& error, bool) { OnWorkerFinished(error); });
}

RunStoreClient::~RunStoreClient() {
  // The job in flight, if any, serves the queue to its end (its reads skipped once stop is
  // requested) and is joined.
  runner_.reset();
  // Then one last job: what was queued after that job decided to return, and closing the file.
  JobRunner last;
  last.Start([queue = queue_](std::stop_token stop, EventSink&) {
    queue->ServeAll(stop, /*closing=*/true);
    queue->worker.store.reset();
    return std::string();
  });
}  // `last` is joined here

void RunStoreClient::Open(const std::string& path) {
  Submit(Request{run_store_client::OpenCall{path}});
}

void RunStoreClient::Add(int64_t key, RunRecord run) {
  Submit(Request{run_store_client::AddCall{key, std::move(run)}});
}

void RunStoreClient::Get(int64_t id) { Submit(Request{run_store_client::GetCall{id}}); }

void RunStoreClient::Remove(int64_t key) { Submit(Request{run_store_client::RemoveCall{key}}); }

void RunStoreClient::SetCallProbe(CallProbe probe) {
  std::lock_guard lock(queue_->mu);
  queue_->probe = std::move(probe);
}

void RunStoreClient::Submit(Request request) {
  ++unanswered_;
  bool start = false;
  {
    std::lock_guard lock(queue_->mu);
    queue_->pending.push_back(std::move(request));
    if (!queue_->worker_taking) {
      queue_->worker_taking = true;
      start = true;
    }
  }
  if (start) StartWorker();
}

void RunStoreClient::StartWorker() {
  if (runner_->IsRunning()) {  // the last job has served its last request and is returning
    start_when_finished_ = true;
    return;
  }
  runner_->Start([queue = queue_](std::stop_token stop, EventSink&) {
    queue->ServeAll(stop, /*closing=*/false);
    return std::string();
  });
}

void RunStoreClient::OnWorkerFinished(const QString& error) {
  Deliver();
  bool restart = start_when_finished_;
  start_when_finished_ = false;
  if (!error.isEmpty()) {  // ServeAll never throws; should the job fail anyway, serve what is left
    std::lock_guard lock(queue_->mu);
    restart = restart || !queue_->pending.empty();
    queue_->worker_taking = restart;
  }
  if (restart) StartWorker();
}

void RunStoreClient::Deliver() {
  std::vector<run_store_client::Answer> answers;
  {
    std::lock_guard lock(queue_->mu);
    answers.swap(queue_->answers);
  }
  for (run_store_client::Answer& answer : answers) {
    --unanswered_;
    std::visit(run_store_client::Overloaded{
                   [this](run_store_client::OpenAnswer& a) {
                     emit opened(QString::fromStdString(a.error), a.runs);
                   },
                   [this](run_store_client::AddAnswer& a) {
                     emit added(a.key, a.id, QString::fromStdString(a.error));
                   },
                   [this](run_store_client::GetAnswer& a) {
                     emit loaded(a.id, a.run, QString::fromStdString(a.error));
                   },
                   [this](run_store_client::RemoveAnswer& a) {
                     emit removed(a.key, QString::fromStdString(a.error));
                   },
               },
               answer);
  }
  if (!answers.empty() && unanswered_ == 0) emit idle();
}

}  // namespace optiscope::ui
