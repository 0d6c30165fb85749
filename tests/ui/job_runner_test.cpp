// JobRunner: events reach the GUI thread in order, failures and cancellation are reported, and a
// second job cannot start while one is in flight.
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "test_support.h"
#include "ui/job_runner.h"

using optiscope::EpochMetrics;
using optiscope::Event;
using optiscope::EventSink;
using optiscope::LogLine;
using optiscope::ui::JobRunner;

class JobRunnerTest : public QObject {
  Q_OBJECT

 private slots:
  // The job's own threads publish at once (a study's parallel trials do): each one's events
  // arrive in its order, on the GUI thread, in far fewer batches than events.
  void ConcurrentPublishersArriveInOrderOnGuiThread() {
    JobRunner runner;
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    std::vector<std::vector<int>> seen(kThreads);
    int batches = 0;
    bool all_on_gui_thread = true;
    QThread* gui = QThread::currentThread();
    connect(&runner, &JobRunner::eventsReceived, this, [&](const std::vector<Event>& events) {
      ++batches;
      all_on_gui_thread = all_on_gui_thread && QThread::currentThread() == gui;
      for (const Event& event : events) {
        const auto& e = std::get<EpochMetrics>(event);
        seen[static_cast<size_t>(std::stoi(e.run_id))].push_back(e.epoch);
      }
    });
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.Start([](std::stop_token, EventSink& sink) {
      std::vector<std::jthread> publishers;
      for (int t = 0; t < kThreads; ++t) {
        publishers.emplace_back([&sink, t] {
          for (int i = 1; i <= kPerThread; ++i) {
            EpochMetrics e;
            e.run_id = std::to_string(t);
            e.epoch = i;
            sink.Publish(e);
          }
        });
      }
      return std::string();
    }));
    QVERIFY(finished.wait(10000));
    QVERIFY(all_on_gui_thread);
    QVERIFY(batches < kThreads * kPerThread / 10);
    for (const std::vector<int>& epochs : seen) {
      QCOMPARE(static_cast<int>(epochs.size()), kPerThread);
      for (int i = 0; i < kPerThread; ++i) QCOMPARE(epochs[static_cast<size_t>(i)], i + 1);
    }
  }

  void DeliversEventsInOrderThenFinished() {
    JobRunner runner;
    std::vector<std::string> seen;
    connect(&runner, &JobRunner::eventsReceived, this, [&](const std::vector<Event>& events) {
      for (const Event& e : events) seen.push_back(std::get<LogLine>(e).text);
    });
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.Start([](std::stop_token, EventSink& sink) {
      for (int i = 0; i < 100; ++i) sink.Publish(LogLine{LogLine::Level::kInfo, std::to_string(i)});
      return std::string();
    }));
    QVERIFY(runner.IsRunning());
    QVERIFY(finished.wait(10000));
    QCOMPARE(seen.size(), size_t{100});
    for (int i = 0; i < 100; ++i) QCOMPARE(seen[i], std::to_string(i));
    QCOMPARE(finished.at(0).at(0).toString(), QString());
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QVERIFY(!runner.IsRunning());
  }

  void ReportsExceptionsAsFailures() {
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.Start([](std::stop_token, EventSink&) -> std::string {
      throw std::runtime_error("singular matrix");
    }));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toString(), QString("singular matrix"));
  }

  void StopEndsALoopingJobAndRefusesASecondStart() {
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    std::atomic<bool> entered = false;
    QVERIFY(runner.Start([&](std::stop_token stop, EventSink&) {
      entered = true;
      while (!stop.stop_requested()) std::this_thread::yield();
      return std::string();
    }));
    QVERIFY(!runner.Start([](std::stop_token, EventSink&) { return std::string(); }));
    QTRY_VERIFY(entered.load());
    runner.RequestStop();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QVERIFY(runner.Start([](std::stop_token, EventSink&) { return std::string(); }));
    QVERIFY(finished.wait(10000));
  }

  // SetDetachAfter: a job blocked where stop cannot reach it (a store that does not answer) does
  // not hold up the runner's destruction; once released it ends on its own and publishes into
  // the orphaned buffer without touching the destroyed runner (ASan/TSan check that part).
  void DestructionLeavesABlockedJobToEndOnItsOwn() {
    auto release = std::make_shared<std::promise<void>>();
    auto ended = std::make_shared<std::promise<void>>();
    std::shared_future<void> released = release->get_future().share();
    std::future<void> job_ended = ended->get_future();
    std::atomic<bool> entered = false;
    {
      JobRunner runner;
      runner.SetDetachAfter(std::chrono::milliseconds(50));
      QVERIFY(runner.Start([released, ended, &entered](std::stop_token, EventSink& sink) {
        entered = true;
        released.wait();  // ignores stop, as a blocked connect() would
        LogLine line;
        line.text = "after the runner was destroyed";
        sink.Publish(line);
        ended->set_value();
        return std::string();
      }));
      QTRY_VERIFY(entered.load());
    }  // returns after the 50 ms grace although the job is still blocked
    QVERIFY(job_ended.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
    release->set_value();
    QVERIFY(job_ended.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  }

  // Without SetDetachAfter the destructor joins: the job has ended when it returns.
  void DestructionJoinsByDefault() {
    std::atomic<bool> ended = false;
    std::atomic<bool> entered = false;
    {
      JobRunner runner;
      QVERIFY(runner.Start([&](std::stop_token stop, EventSink&) {
        entered = true;
        while (!stop.stop_requested()) std::this_thread::yield();
        ended = true;
        return std::string();
      }));
      QTRY_VERIFY(entered.load());
    }
    QVERIFY(ended.load());
  }
};

OPTISCOPE_UI_TEST(JobRunnerTest, job_runner_test);
#include "job_runner_test.moc"
