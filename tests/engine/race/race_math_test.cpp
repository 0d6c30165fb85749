// The race's numerics: test-function gradients against finite differences and their minima,
// the trajectory PCA against a known plane, the ranking rules, decision boundaries.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "engine/race/decision_boundary.h"
#include "engine/race/standings.h"
#include "engine/race/test_function_race.h"
#include "engine/race/test_functions.h"
#include "engine/race/trajectory_pca.h"

namespace optiscope {
namespace race_math_test {

TEST(TestFunctionsTest, GradientsMatchFiniteDifferences) {
  for (const std::string& name : SurfaceFunctionNames()) {
    auto f = GetSurfaceFunction(name);
    ASSERT_TRUE(f.ok());
    for (auto [x, y] : {std::pair{0.3, -0.7}, {-1.1, 1.4}, {1.7, 0.2}}) {
      double gx, gy;
      f->Evaluate(x, y, &gx, &gy);
      const double h = 1e-6;
      const double nx =
          (f->Evaluate(x + h, y, nullptr, nullptr) - f->Evaluate(x - h, y, nullptr, nullptr)) /
          (2 * h);
      const double ny =
          (f->Evaluate(x, y + h, nullptr, nullptr) - f->Evaluate(x, y - h, nullptr, nullptr)) /
          (2 * h);
      EXPECT_NEAR(gx, nx, 1e-4 * std::max(1.0, std::abs(nx))) << name;
      EXPECT_NEAR(gy, ny, 1e-4 * std::max(1.0, std::abs(ny))) << name;
    }
    for (size_t i = 0; i < f->minima_xy.size(); i += 2) {
      double gx, gy;
      EXPECT_NEAR(f->Evaluate(f->minima_xy[i], f->minima_xy[i + 1], &gx, &gy), 0.0, 1e-9) << name;
      EXPECT_NEAR(gx, 0.0, 1e-4) << name;
      EXPECT_NEAR(gy, 0.0, 1e-4) << name;
    }
  }
  EXPECT_FALSE(GetSurfaceFunction("sphere").ok());
}

TEST(TestFunctionRaceTest, AdamAndLbfgsReachRosenbrocksMinimumAndPathsStream) {
  auto racers = ParseRacerSpecs("adam,lbfgs,sgd");
  ASSERT_TRUE(racers.ok());
  RecordingEventSink sink;
  TestFunctionRaceOptions o;
  o.function = "rosenbrock";
  o.steps = 2000;
  o.chunk = 100;
  o.grid = 11;
  auto runs = RunTestFunctionRace(*racers, o, sink);
  ASSERT_TRUE(runs.ok()) << runs.status().message();
  ASSERT_EQ(runs->size(), 3u);
  for (const TestFunctionRun& r : *runs) {
    EXPECT_EQ(r.xy[0], -1.5);  // common start
    EXPECT_EQ(r.xy[1], 2.5);
    EXPECT_EQ(r.values.size() * 2, r.xy.size());
  }
  const TestFunctionRun& lbfgs = (*runs)[1];
  EXPECT_NEAR(lbfgs.xy[lbfgs.xy.size() - 2], 1.0, 1e-2);
  EXPECT_NEAR(lbfgs.xy.back(), 1.0, 2e-2);
  const TestFunctionRun& adam = (*runs)[0];
  EXPECT_LT(adam.values.back(), 0.05 * adam.values.front());
  // Events: one surface, then chunks whose points add up to each path.
  const auto events = sink.Events();
  ASSERT_TRUE(std::holds_alternative<TestFunctionSurface>(events.front()));
  EXPECT_EQ(std::get<TestFunctionSurface>(events.front()).values.size(), 121u);
  std::map<std::string, size_t> points;
  std::map<std::string, bool> done;
  for (const Event& e : events) {
    if (auto* p = std::get_if<TestFunctionPath>(&e)) {
      EXPECT_EQ(static_cast<size_t>(p->first_step), points[p->racer]);
      points[p->racer] += p->values.size();
      done[p->racer] = p->done;
    }
  }
  for (const TestFunctionRun& r : *runs) {
    EXPECT_EQ(points[r.racer], r.values.size());
    EXPECT_TRUE(done[r.racer]);
  }
}

TEST(TestFunctionRaceTest, SaddleEscapeAndDivergenceAreReported) {
  auto racers = ParseRacerSpecs("sgd:lr=0.5");
  RecordingEventSink sink;
  TestFunctionRaceOptions o;
  o.function = "saddle";
  o.use_racer_lr = true;
  o.steps = 400;
  auto runs = RunTestFunctionRace(*racers, o, sink);
  ASSERT_TRUE(runs.ok());
  // x² − y² is unbounded below: plain gradient descent runs off along y.
  EXPECT_EQ((*runs)[0].status, RunEnd::kDiverged);
  EXPECT_LT((*runs)[0].values.size(), 401u);
}

TEST(TrajectoryPcaTest, RecoversThePlaneOfPlanarPoints) {
  // Points c + s·u + t·v in 5-D with orthonormal u, v: the plane is span(u, v), coordinates exact.
  const std::vector<float> c = {1, -2, 0.5, 3, 0};
  const std::vector<double> u = {0.6, 0.8, 0, 0, 0}, v = {0, 0, 0, 0, 1};
  std::vector<std::vector<float>> pts;
  const double st[][2] = {{3, 0.1}, {-2, 0.5}, {1, -0.4}, {0.5, 0.2}};
  for (auto [s, t] : st) {
    std::vector<float> p(5);
    for (int j = 0; j < 5; ++j) p[j] = static_cast<float>(c[j] + s * u[j] + t * v[j]);
    pts.push_back(p);
  }
  std::vector<std::span<const float>> spans(pts.begin(), pts.end());
  auto plane = TrajectoryPca(spans, c);
  ASSERT_TRUE(plane.ok());
  // d1, d2 span the plane of u and v (a rotation of them) ...
  for (const auto* w : {&u, &v}) {
    double p1 = 0, p2 = 0;
    for (int j = 0; j < 5; ++j) {
      p1 += plane->d1[j] * (*w)[j];
      p2 += plane->d2[j] * (*w)[j];
    }
    EXPECT_NEAR(p1 * p1 + p2 * p2, 1.0, 1e-6);
  }
  // ... and the coordinates reconstruct every point exactly.
  for (size_t i = 0; i < pts.size(); ++i) {
    for (int j = 0; j < 5; ++j) {
      EXPECT_NEAR(c[j] + plane->a[i] * plane->d1[j] + plane->b[i] * plane->d2[j], pts[i][j], 1e-5);
    }
  }
  // The first direction carries the most spread.
  double ss_a = 0, ss_b = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    ss_a += plane->a[i] * plane->a[i];
    ss_b += plane->b[i] * plane->b[i];
  }
  EXPECT_GT(ss_a, ss_b);
  EXPECT_NEAR(plane->explained[0] + plane->explained[1], 1.0, 1e-9);
  // A single direction is completed with an orthogonal unit vector.
  std::vector<std::span<const float>> one = {spans[0]};
  auto line = TrajectoryPca(one, c);
  ASSERT_TRUE(line.ok());
  double norm2 = 0, cross = 0;
  for (int j = 0; j < 5; ++j) {
    norm2 += line->d2[j] * line->d2[j];
    cross += line->d1[j] * line->d2[j];
  }
  EXPECT_NEAR(norm2, 1.0, 1e-9);
  EXPECT_NEAR(cross, 0.0, 1e-9);
}

EpochMetrics Epoch(int epoch, double val, double seconds) {
  EpochMetrics e;
  e.epoch = epoch;
  e.val_loss = val;
  e.train_loss = val + 1;
  e.elapsed_seconds = seconds;
  return e;
}

TEST(StandingsTest, RanksByBestLossAndTimesTheTarget) {
  RacerRecord a{"a", "sgd", 0.1, false, Status(), 3.0, 1, {Epoch(1, 0.9, 1), Epoch(2, 0.5, 2)}};
  RacerRecord b{"b", "adam", 0.1, false, Status(), 2.0, 1, {Epoch(1, 0.4, 1), Epoch(2, 0.45, 2)}};
  RacerRecord c{"c", "sgd", 0.1, false, Status::Diverged("NaN"), 1.0, 1, {Epoch(1, 0.1, 1)}};
  const RaceFinished f = RankRacers({a, b, c}, true, std::nan(""));
  ASSERT_EQ(f.standings.size(), 3u);
  EXPECT_EQ(f.standings[0].optimizer, "b");
  EXPECT_EQ(f.standings[1].optimizer, "a");
  EXPECT_EQ(f.standings[2].optimizer, "c");  // failed: last whatever its loss
  EXPECT_DOUBLE_EQ(f.target_loss, 0.5);      // the worst best among all racers
  EXPECT_EQ(f.standings[0].target_epoch, 1);
  EXPECT_EQ(f.standings[1].target_epoch, 2);
  EXPECT_DOUBLE_EQ(f.standings[1].target_seconds, 2.0);
  EXPECT_EQ(f.standings[0].best_epoch, 1);
  EXPECT_DOUBLE_EQ(f.standings[0].final_val_loss, 0.45);
  const RaceFinished train = RankRacers({a, b}, false, 1.45);
  EXPECT_EQ(train.monitored, "train");
  EXPECT_EQ(train.standings[0].target_epoch, 1);
  EXPECT_DOUBLE_EQ(train.standings[0].best_val_loss, 1.4);
}

TEST(DecisionBoundaryTest, WindowCoversTheDataAndCellsHoldProbabilities) {
  Mat X(3, 2);
  X << 0, 0, 1, 2, -1, 1;
  DecisionBoundary w = BoundaryWindow(X, 8, 0.1);
  EXPECT_DOUBLE_EQ(w.x_min, -1.2);
  EXPECT_DOUBLE_EQ(w.x_max, 1.2);
  EXPECT_DOUBLE_EQ(w.y_min, -0.2);
  EXPECT_DOUBLE_EQ(w.y_max, 2.2);
}

}  // namespace race_math_test
}  // namespace optiscope
