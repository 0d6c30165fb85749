#include "engine/race/test_function_race.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "engine/config/config_names.h"
#include "engine/optim/lbfgs.h"
#include "engine/optim/update_rule.h"
#include "engine/race/test_functions.h"

namespace optiscope {

double SuggestedTestFunctionLr(const std::string& function, const OptimizerConfig& optimizer) {
  auto f = GetSurfaceFunction(function);
  if (!f.ok()) return optimizer.lr;
  switch (optimizer.type) {
    case OptimizerType::kLbfgs:
      return optimizer.lr;
    case OptimizerType::kGd:
    case OptimizerType::kSgd:
    case OptimizerType::kMomentum:
    case OptimizerType::kNesterov:
    case OptimizerType::kSgdHd:
      return f->sgd_lr;
    case OptimizerType::kAdagrad:
    case OptimizerType::kRmsprop:
    case OptimizerType::kAdam:
    case OptimizerType::kAmsgrad:
    case OptimizerType::kAdamw:
    case OptimizerType::kNadam:
    case OptimizerType::kAdamHd:
      return f->adaptive_lr;
  }
  return f->adaptive_lr;
}

namespace {

// One racer stepping on the function; Step() advances it by one optimizer step.
class Walker {
 public:
  Walker(const SurfaceFunction& f, const RacerSpec& spec, double lr) : f_(f), lr_(lr) {
    run_.racer = spec.label;
    run_.lr = lr;
    params_[0] = static_cast<Scalar>(f.start_x);
    params_[1] = static_cast<Scalar>(f.start_y);
    Record();
  }
  Status Init(const RacerSpec& spec) {
    if (IsFullBatchOptimizer(spec.optimizer.type)) {
      LbfgsOptions o = LbfgsOptionsFromConfig(spec.optimizer);
      o.lr = lr_;
      o.max_iter = 1;
      lbfgs_ = std::make_unique<Lbfgs>(o);
      lbfgs_->Reset(2);
      return Status::Ok();
    }
    OptimizerConfig c = spec.optimizer;
    c.lr = lr_;
    auto rule = MakeUpdateRule(c);
    if (!rule.ok())
      return Status::InvalidArgument("racer " + spec.label + ": " + rule.status().message());
    rule_ = std::move(*rule);
    rule_->Reset(2);
    return Status::Ok();
  }
  bool done() const { return done_; }
  void Step() {
    if (lbfgs_) {
      const Objective objective = [this](std::span<const Scalar> p, std::span<Scalar> g) {
        double gx, gy;
        const double v = f_.Evaluate(p[0], p[1], &gx, &gy);
        g[0] = static_cast<Scalar>(gx);
        g[1] = static_cast<Scalar>(gy);
        return v;
      };
      auto step = lbfgs_->Step(objective, params_);
      if (!step.ok()) return Diverge();
    } else {
      double gx, gy;
      f_.Evaluate(params_[0], params_[1], &gx, &gy);
      Scalar grad[2] = {static_cast<Scalar>(gx), static_cast<Scalar>(gy)};
      if (!std::isfinite(grad[0]) || !std::isfinite(grad[1])) return Diverge();
      rule_->Step(grad, lr_, params_);
    }
    const double limit = 1000 * std::max(f_.x_max - f_.x_min, f_.y_max - f_.y_min);
    if (!std::isfinite(params_[0]) || !std::isfinite(params_[1]) || std::abs(params_[0]) > limit ||
        std::abs(params_[1]) > limit) {
      return Diverge();
    }
    Record();
  }
  // Moves the points recorded since the last call into a path event.
  TestFunctionPath TakeChunk(bool final_chunk) {
    TestFunctionPath e;
    e.function = f_.name;
    e.racer = run_.racer;
    e.first_step = static_cast<int>(sent_);
    for (size_t i = sent_; i < run_.values.size(); ++i) {
      e.xy.push_back(static_cast<float>(run_.xy[2 * i]));
      e.xy.push_back(static_cast<float>(run_.xy[2 * i + 1]));
      e.values.push_back(static_cast<float>(run_.values[i]));
    }
    sent_ = run_.values.size();
    e.done = final_chunk || done_;
    e.status = run_.status;
    return e;
  }
  TestFunctionRun& run() { return run_; }

 private:
  void Record() {
    run_.xy.push_back(params_[0]);
    run_.xy.push_back(params_[1]);
    run_.values.push_back(f_.Evaluate(params_[0], params_[1], nullptr, nullptr));
  }
  void Diverge() {
    run_.status = RunEnd::kDiverged;
    done_ = true;
  }

  const SurfaceFunction& f_;
  double lr_;
  Scalar params_[2];
  std::unique_ptr<UpdateRule> rule_;
  std::unique_ptr<Lbfgs> lbfgs_;
  TestFunctionRun run_;
  size_t sent_ = 0;
  bool done_ = false;
};

}  // namespace

Result<std::vector<TestFunctionRun>> RunTestFunctionRace(const std::vector<RacerSpec>& racers,
                                                         const TestFunctionRaceOptions& options,
                                                         EventSink& sink, std::stop_token stop) {
  auto f = GetSurfaceFunction(options.function);
  if (!f.ok()) return f.status();
  std::vector<std::unique_ptr<Walker>> walkers;
  for (const RacerSpec& spec : racers) {
    const double lr =
        options.use_racer_lr ? spec.optimizer.lr : SuggestedTestFunctionLr(f->name, spec.optimizer);
    walkers.push_back(std::make_unique<Walker>(*f, spec, lr));
    OPTISCOPE_RETURN_IF_ERROR(walkers.back()->Init(spec));
  }
  TestFunctionSurface surface;
  surface.function = f->name;
  surface.nx = surface.ny = std::max(2, options.grid);
  surface.x_min = f->x_min;
  surface.x_max = f->x_max;
  surface.y_min = f->y_min;
  surface.y_max = f->y_max;
  for (int r = 0; r < surface.ny; ++r) {
    const double y = f->y_min + (f->y_max - f->y_min) * r / (surface.ny - 1);
    for (int c = 0; c < surface.nx; ++c) {
      const double x = f->x_min + (f->x_max - f->x_min) * c / (surface.nx - 1);
      surface.values.push_back(static_cast<float>(f->Evaluate(x, y, nullptr, nullptr)));
    }
  }
  for (double v : f->minima_xy) surface.minima_xy.push_back(static_cast<float>(v));
  sink.Publish(std::move(surface));

  const int chunk = std::max(1, options.chunk);
  for (int step = 0; step < options.steps; step += chunk) {
    if (stop.stop_requested()) return Status::Cancelled("test-function race cancelled");
    const bool last = step + chunk >= options.steps;
    for (auto& w : walkers) {
      if (w->done()) continue;
      for (int i = 0; i < chunk && step + i < options.steps && !w->done(); ++i) w->Step();
      sink.Publish(w->TakeChunk(last));
    }
  }
  std::vector<TestFunctionRun> runs;
  for (auto& w : walkers) runs.push_back(std::move(w->run()));
  return runs;
}

}  // namespace optiscope
