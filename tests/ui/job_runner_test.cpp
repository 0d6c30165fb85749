// JobRunner: events reach the GUI thread in order, failures and cancellation are reported, and a
// second job cannot start while one is in flight.
#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <stdexcept>

#include "ui/job_runner.h"

using optiscope::Event;
using optiscope::EventSink;
using optiscope::LogLine;
using optiscope::ui::JobRunner;

class JobRunnerTest : public QObject {
  Q_OBJECT

 private slots:
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
};

QTEST_MAIN(JobRunnerTest)
#include "job_runner_test.moc"
