// Study runner: reproducibility by seed, parallel trials, failures recorded with reasons, pruning,
// timeouts, steering (space change, clone, extend, stop one trial) and events.
#include "engine/search/study.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "engine/search/objective_command.h"
#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace study_test {

// An objective from a lambda (thread-safe when the lambda is).
class LambdaObjective final : public StudyObjective {
 public:
  using Fn = std::function<Result<std::vector<double>>(const TrialRequest&, TrialContext&)>;
  explicit LambdaObjective(Fn fn, int num_values = 1) : fn_(std::move(fn)), n_(num_values) {}
  int NumValues() const override { return n_; }
  Result<std::vector<double>> Evaluate(const TrialRequest& r, TrialContext& c) override {
    return fn_(r, c);
  }

 private:
  Fn fn_;
  int n_;
};

// Calls `hook` on every event (from the publishing thread) and keeps them all.
class HookSink final : public EventSink {
 public:
  std::function<void(const Event&)> hook;
  void Publish(Event event) override {
    if (hook) hook(event);
    recorder.Publish(std::move(event));
  }
  RecordingEventSink recorder;
};

StudySpec BraninSpec(const std::string& sampler, int n_trials, int n_jobs = 1) {
  auto spec = ParseStudySpec(R"({"name": "b", "sampler": {"type": ")" + sampler +
                             R"(", "seed": 3}, "n_trials": )" + std::to_string(n_trials) +
                             R"(, "n_jobs": )" + std::to_string(n_jobs) +
                             R"(, "objective": {"function": "branin"}})");
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return *spec;
}

std::vector<TrialRecord> RunBranin(const std::string& sampler, int n_trials, int n_jobs,
                                   EventSink& sink) {
  StudySpec spec = BraninSpec(sampler, n_trials, n_jobs);
  auto store = MakeMemoryStudyStore();
  std::shared_ptr<StudyObjective> objective = MakeStudyObjective(spec).value();
  auto study = Study::Open(spec, *store, objective, sink);
  EXPECT_TRUE(study.ok()) << study.status().message();
  auto summary = (*study)->Run();
  EXPECT_TRUE(summary.ok());
  return (*study)->Trials();
}

TEST(StudyTest, SameSeedAndOneJobIsReproducibleExactly) {
  for (const char* sampler : {"random", "tpe"}) {
    NullEventSink sink;
    const auto a = RunBranin(sampler, 15, 1, sink);
    const auto b = RunBranin(sampler, 15, 1, sink);
    ASSERT_EQ(a.size(), 15u);
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].params, b[i].params) << sampler << " trial " << i;
      EXPECT_EQ(a[i].values, b[i].values) << sampler << " trial " << i;
      EXPECT_EQ(a[i].state, TrialState::kComplete);
    }
    EXPECT_NE(a[0].params, a[1].params);
  }
}

TEST(StudyTest, ParallelTrialsAllRecordedWithEvents) {
  RecordingEventSink sink;
  const auto trials = RunBranin("random", 12, 3, sink);
  ASSERT_EQ(trials.size(), 12u);
  for (size_t i = 0; i < trials.size(); ++i) {
    EXPECT_EQ(trials[i].number, static_cast<int>(i));
    EXPECT_EQ(trials[i].state, TrialState::kComplete);
  }
  int started = 0, finished = 0;
  const auto events = sink.Events();
  for (const Event& e : events) {
    started += std::holds_alternative<TrialStarted>(e);
    finished += std::holds_alternative<TrialFinished>(e);
  }
  EXPECT_EQ(started, 12);
  EXPECT_EQ(finished, 12);
  const auto* last = std::get_if<StudyFinished>(&events.back());
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->n_trials, 12);
  EXPECT_EQ(last->reason, "budget used");
  const TrialRecord* best = BestRecord(trials, {Direction::kMinimize});
  EXPECT_EQ(last->best_trial, best->number);
}

TEST(StudyTest, FailedTrialsKeepTheirReasonAndTheStudyGoesOn) {
  StudySpec spec = BraninSpec("random", 6);
  auto objective = std::make_shared<LambdaObjective>(
      [](const TrialRequest&, TrialContext& c) -> Result<std::vector<double>> {
        switch (c.TrialNumber()) {
          case 1:
            throw std::runtime_error("boom");
          case 2:
            return std::vector<double>{std::nan("")};
          case 3:
            return Status::Diverged("loss became NaN at epoch 2, batch 7");
          default:
            return std::vector<double>{static_cast<double>(c.TrialNumber())};
        }
      });
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  auto study = Study::Open(spec, *store, objective, sink);
  ASSERT_TRUE(study.ok());
  auto summary = (*study)->Run();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->n_trials, 6);
  EXPECT_EQ(summary->n_failed, 3);
  EXPECT_EQ(summary->best_trial, 0);
  const auto trials = *store->Trials("b");
  EXPECT_EQ(trials[1].reason, "exception: boom");
  EXPECT_EQ(trials[2].reason, "the objective returned a non-finite value (diverged)");
  EXPECT_EQ(trials[3].reason, "loss became NaN at epoch 2, batch 7");
  EXPECT_EQ(trials[5].state, TrialState::kComplete);
}

TEST(StudyTest, MedianPrunerStopsBadCurvesAndKeepsTheirLastValue) {
  auto spec = ParseStudySpec(R"({"name": "p", "sampler": {"type": "random", "seed": 1},
      "pruner": {"type": "median", "n_startup_trials": 3}, "n_trials": 20,
      "space": {"x": {"low": 0, "high": 1}}, "objective": {"command": ["unused"]}})");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  // A 10-step curve whose level is x: trials with larger x are worse (minimised).
  auto objective = std::make_shared<LambdaObjective>(
      [](const TrialRequest& r, TrialContext& c) -> Result<std::vector<double>> {
        const double x = r.params[0].value;
        double v = 0;
        for (int step = 1; step <= 10; ++step) {
          v = x + 1.0 / step;
          if (c.Report(step, v)) return Status::Cancelled();
        }
        return std::vector<double>{v};
      });
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  auto study = Study::Open(*spec, *store, objective, sink);
  ASSERT_TRUE(study.ok()) << study.status().message();
  auto summary = (*study)->Run();
  ASSERT_TRUE(summary.ok());
  EXPECT_GT(summary->n_pruned, 0);
  for (const TrialRecord& t : (*study)->Trials()) {
    if (t.state != TrialState::kPruned) continue;
    ASSERT_FALSE(t.intermediate.empty());
    EXPECT_LT(t.intermediate.size(), 10u);
    EXPECT_EQ(t.values, std::vector<double>{t.intermediate.back().second});
    EXPECT_EQ(t.reason, "pruned at step " + std::to_string(t.intermediate.back().first));
  }
}

TEST(StudyTest, TrialTimeoutKillsTheCommandAndRecordsWhy) {
  auto spec = ParseStudySpec(R"({"name": "t", "sampler": {"type": "random"}, "n_trials": 2,
      "space": {"x": {"low": 0, "high": 1}},
      "objective": {"command": ["/bin/sh", "-c", "sleep 30; echo {x}"], "timeout_s": 0.2}})");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  std::shared_ptr<StudyObjective> objective = MakeStudyObjective(*spec).value();
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  auto study = Study::Open(*spec, *store, objective, sink);
  ASSERT_TRUE(study.ok());
  auto summary = (*study)->Run();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->n_failed, 2);
  EXPECT_EQ((*study)->Trials()[0].reason, "timeout: ran longer than 0.2 s");
}

TEST(StudyTest, SteeringBetweenTrials) {
  auto spec = ParseStudySpec(R"({"name": "s", "sampler": {"type": "random", "seed": 5},
      "n_trials": 10, "space": {"x": {"low": 0, "high": 10}}, "objective": {"command": ["u"]}})");
  ASSERT_TRUE(spec.ok());
  Study* study_ptr = nullptr;
  // x + extra epochs + 1000 x seed offset; trial 4 reports until it is stopped.
  auto objective = std::make_shared<LambdaObjective>(
      [](const TrialRequest& r, TrialContext& c) -> Result<std::vector<double>> {
        if (c.TrialNumber() == 4) {
          for (int step = 1; step < 1000000; ++step) {
            if (c.Report(step, 1.0)) return Status::Cancelled();
          }
        }
        return std::vector<double>{r.params[0].value + r.extra_epochs +
                                   1000.0 * static_cast<double>(r.seed_offset)};
      });
  HookSink sink;
  sink.hook = [&](const Event& e) {
    if (const auto* f = std::get_if<TrialFinished>(&e); f != nullptr && f->trial == 1) {
      SearchSpace narrow = *SearchSpace::Create({FloatParam("x", 20, 21)});
      EXPECT_TRUE(study_ptr->SetSpace(narrow).ok());
      EXPECT_TRUE(study_ptr->CloneTrial(0).ok());
      EXPECT_TRUE(study_ptr->ExtendTrial(0, 5).ok());
      EXPECT_TRUE(study_ptr->SetSampler("sobol").ok());
    }
    if (const auto* r = std::get_if<TrialReport>(&e); r != nullptr && r->step == 3) {
      EXPECT_TRUE(study_ptr->StopTrial(r->trial).ok());
    }
  };
  auto store = MakeMemoryStudyStore();
  auto study = Study::Open(*spec, *store, objective, sink);
  ASSERT_TRUE(study.ok());
  study_ptr = study->get();
  EXPECT_FALSE(study_ptr->StopTrial(99).ok());
  ASSERT_TRUE(study_ptr->Run().ok());
  const auto trials = study_ptr->Trials();
  ASSERT_EQ(trials.size(), 10u);
  // A clone runs the same parameters with the next seed.
  EXPECT_EQ(trials[2].origin, "clone of 0 (seed +1)");
  EXPECT_EQ(trials[2].params, trials[0].params);
  EXPECT_DOUBLE_EQ(trials[2].values[0], trials[0].values[0] + 1000.0);
  EXPECT_EQ(trials[3].origin, "extend of 0 (+5 epochs)");
  EXPECT_DOUBLE_EQ(trials[3].values[0], trials[0].values[0] + 5);
  EXPECT_EQ(trials[4].state, TrialState::kFailed);
  EXPECT_EQ(trials[4].reason, "stopped by the user");
  EXPECT_EQ(trials[4].intermediate.size(), 3u);
  for (size_t i = 4; i < trials.size(); ++i) {
    EXPECT_GE(trials[i].params[0].value, 20.0) << i;  // sampled from the new space
  }
  EXPECT_LT(trials[0].params[0].value, 10.0);  // old trials stay in the history
}

TEST(StudyTest, StopTokenEndsTheStudy) {
  StudySpec spec = BraninSpec("random", 1000);
  std::stop_source stop;
  std::atomic<int> calls{0};
  auto objective = std::make_shared<LambdaObjective>(
      [&](const TrialRequest&, TrialContext&) -> Result<std::vector<double>> {
        if (++calls == 5) stop.request_stop();
        return std::vector<double>{1.0};
      });
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  auto study = Study::Open(spec, *store, objective, sink);
  auto summary = (*study)->Run(stop.get_token());
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->reason, "stopped");
  EXPECT_EQ(summary->n_trials, 5);
}

TEST(StudyTest, ParetoFrontOfTwoObjectives) {
  std::vector<TrialRecord> trials(5);
  const double v[5][2] = {{1, 5}, {2, 2}, {3, 3}, {5, 1}, {2, 6}};
  for (int i = 0; i < 5; ++i) {
    trials[i].number = i;
    trials[i].state = TrialState::kComplete;
    trials[i].values = {v[i][0], v[i][1]};
  }
  EXPECT_EQ(ParetoFront(trials, {Direction::kMinimize, Direction::kMinimize}),
            (std::vector<int>{0, 1, 3}));
  EXPECT_EQ(ParetoFront(trials, {Direction::kMaximize, Direction::kMaximize}),
            (std::vector<int>{2, 3, 4}));
}

}  // namespace study_test
}  // namespace optiscope
