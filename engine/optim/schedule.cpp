#include "engine/optim/schedule.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace optiscope {
namespace {

// Schedules that are a closed-form function of the number of completed epochs.
class EpochSchedule : public LrSchedule {
 public:
  std::string Name() const override { return name_; }
  double Rate() const override { return rate_; }
  void StepEpoch(double) override { rate_ = RateAt(++epoch_); }

 protected:
  explicit EpochSchedule(std::string name) : name_(std::move(name)) {}
  // Call at the end of the derived constructor.
  void Start() { rate_ = RateAt(0); }
  virtual double RateAt(long long epoch) const = 0;

 private:
  std::string name_;
  long long epoch_ = 0;
  double rate_ = 0.0;
};

class ConstantSchedule final : public EpochSchedule {
 public:
  explicit ConstantSchedule(double base) : EpochSchedule("constant"), base_(base) { Start(); }
  double RateAt(long long) const override { return base_; }

 private:
  double base_;
};

class StepSchedule final : public EpochSchedule {
 public:
  StepSchedule(double base, int step_size, double gamma)
      : EpochSchedule("step"), base_(base), step_size_(step_size), gamma_(gamma) {
    Start();
  }
  double RateAt(long long e) const override {
    return base_ * std::pow(gamma_, static_cast<double>(e / step_size_));
  }

 private:
  double base_;
  int step_size_;
  double gamma_;
};

class ExponentialSchedule final : public EpochSchedule {
 public:
  ExponentialSchedule(double base, double gamma)
      : EpochSchedule("exponential"), base_(base), gamma_(gamma) {
    Start();
  }
  double RateAt(long long e) const override {
    return base_ * std::pow(gamma_, static_cast<double>(e));
  }

 private:
  double base_, gamma_;
};

class CosineSchedule final : public EpochSchedule {
 public:
  CosineSchedule(double base, double eta_min, int t_max)
      : EpochSchedule("cosine"), base_(base), eta_min_(eta_min), t_max_(t_max) {
    Start();
  }
  double RateAt(long long e) const override {
    const double x = std::numbers::pi * static_cast<double>(e) / t_max_;
    return eta_min_ + (base_ - eta_min_) * (1.0 + std::cos(x)) / 2.0;
  }

 private:
  double base_, eta_min_;
  int t_max_;
};

class WarmupSchedule final : public EpochSchedule {
 public:
  WarmupSchedule(double base, double start_factor, int warmup_epochs)
      : EpochSchedule("warmup"), base_(base), start_(start_factor), epochs_(warmup_epochs) {
    Start();
  }
  double RateAt(long long e) const override {
    if (epochs_ <= 0) return base_;
    const double progress = static_cast<double>(std::min<long long>(e, epochs_)) / epochs_;
    return base_ * (start_ + (1.0 - start_) * progress);
  }

 private:
  double base_, start_;
  int epochs_;
};

class OneCycleSchedule final : public LrSchedule {
 public:
  OneCycleSchedule(const ScheduleConfig& c, double base, long long total_steps)
      : total_(total_steps),
        max_lr_(c.max_lr > 0.0 ? c.max_lr : base),
        initial_lr_(max_lr_ / c.div_factor),
        min_lr_(initial_lr_ / c.final_div_factor),
        warm_end_(c.pct_start * static_cast<double>(total_steps) - 1.0),
        cycle_momentum_(c.cycle_momentum),
        base_momentum_(c.base_momentum),
        max_momentum_(c.max_momentum) {
    rate_ = RateAt(0);
  }
  std::optional<double> Momentum() const override {
    if (!cycle_momentum_) return std::nullopt;
    return ValueAt(step_, max_momentum_, base_momentum_, max_momentum_);
  }
  std::string Name() const override { return "one_cycle"; }
  double Rate() const override { return rate_; }
  void StepBatch() override {
    step_ = std::min(step_ + 1, total_ - 1);
    rate_ = RateAt(step_);
  }

 private:
  static double Anneal(double start, double end, double pct) {
    return end + (start - end) / 2.0 * (std::cos(std::numbers::pi * pct) + 1.0);
  }
  // A zero-length phase counts as complete.
  static double Fraction(double done, double length) { return length > 0.0 ? done / length : 1.0; }
  double RateAt(long long s) const { return ValueAt(s, initial_lr_, max_lr_, min_lr_); }
  // The two cosine phases: start -> peak over the rising phase, then peak -> end.
  double ValueAt(long long s, double start, double peak, double end_value) const {
    const auto x = static_cast<double>(s);
    if (x <= warm_end_) return Anneal(start, peak, Fraction(x, warm_end_));
    const double end = static_cast<double>(total_ - 1);
    return Anneal(peak, end_value, Fraction(x - warm_end_, end - warm_end_));
  }

  long long total_;
  double max_lr_, initial_lr_, min_lr_;
  double warm_end_;  // last step of the rising phase (torch: pct_start·total − 1)
  bool cycle_momentum_;
  double base_momentum_, max_momentum_;
  long long step_ = 0;
  double rate_ = 0.0;
};

class PlateauSchedule final : public LrSchedule {
 public:
  PlateauSchedule(double base, double factor, int patience, double threshold)
      : rate_(base), factor_(factor), patience_(patience), threshold_(threshold) {}
  std::string Name() const override { return "plateau"; }
  double Rate() const override { return rate_; }
  void StepEpoch(double loss) override {
    if (loss < best_ * (1.0 - threshold_)) {
      best_ = loss;
      bad_epochs_ = 0;
    } else {
      ++bad_epochs_;
    }
    if (bad_epochs_ > patience_) {
      const double reduced = std::max(rate_ * factor_, 0.0);
      if (rate_ - reduced > kMinChange) rate_ = reduced;
      bad_epochs_ = 0;
    }
  }

 private:
  static constexpr double kMinChange = 1e-8;  // torch's eps: smaller reductions are ignored
  double rate_, factor_;
  int patience_;
  double threshold_;
  double best_ = std::numeric_limits<double>::infinity();
  int bad_epochs_ = 0;
};

Status Invalid(const std::string& field, const std::string& requirement, double value) {
  return Status::InvalidArgument("schedule." + field + " must be " + requirement + ", got " +
                                 std::to_string(value));
}

}  // namespace

Result<std::unique_ptr<LrSchedule>> MakeSchedule(const ScheduleConfig& c, double base_lr,
                                                 int epochs, int batches_per_epoch) {
  using Ptr = std::unique_ptr<LrSchedule>;
  if (!(base_lr >= 0.0) || !std::isfinite(base_lr)) return Invalid("base lr", ">= 0", base_lr);
  if (epochs < 1) return Invalid("epochs", ">= 1", epochs);
  switch (c.type) {
    case ScheduleType::kConstant:
      return Ptr(std::make_unique<ConstantSchedule>(base_lr));
    case ScheduleType::kStep:
      if (c.step_size < 1) return Invalid("step_size", ">= 1", c.step_size);
      if (!(c.gamma > 0.0)) return Invalid("gamma", "> 0", c.gamma);
      return Ptr(std::make_unique<StepSchedule>(base_lr, c.step_size, c.gamma));
    case ScheduleType::kExponential:
      if (!(c.gamma > 0.0)) return Invalid("gamma", "> 0", c.gamma);
      return Ptr(std::make_unique<ExponentialSchedule>(base_lr, c.gamma));
    case ScheduleType::kCosine:
      if (c.t_max < 0) return Invalid("t_max", ">= 0 (0 = the number of epochs)", c.t_max);
      if (!(c.eta_min >= 0.0)) return Invalid("eta_min", ">= 0", c.eta_min);
      return Ptr(
          std::make_unique<CosineSchedule>(base_lr, c.eta_min, c.t_max > 0 ? c.t_max : epochs));
    case ScheduleType::kWarmup:
      if (c.warmup_epochs < 0) return Invalid("warmup_epochs", ">= 0", c.warmup_epochs);
      if (!(c.start_factor > 0.0 && c.start_factor <= 1.0)) {
        return Invalid("start_factor", "in (0, 1]", c.start_factor);
      }
      return Ptr(std::make_unique<WarmupSchedule>(base_lr, c.start_factor, c.warmup_epochs));
    case ScheduleType::kOneCycle: {
      if (batches_per_epoch < 1) return Invalid("batches per epoch", ">= 1", batches_per_epoch);
      if (!(c.max_lr >= 0.0)) return Invalid("max_lr", ">= 0 (0 = the optimizer's lr)", c.max_lr);
      if (!(c.pct_start >= 0.0 && c.pct_start <= 1.0)) {
        return Invalid("pct_start", "in [0, 1]", c.pct_start);
      }
      if (!(c.div_factor > 0.0)) return Invalid("div_factor", "> 0", c.div_factor);
      if (!(c.final_div_factor > 0.0)) {
        return Invalid("final_div_factor", "> 0", c.final_div_factor);
      }
      const long long total = static_cast<long long>(epochs) * batches_per_epoch;
      return Ptr(std::make_unique<OneCycleSchedule>(c, base_lr, total));
    }
    case ScheduleType::kPlateau:
      if (!(c.factor > 0.0 && c.factor < 1.0)) return Invalid("factor", "in (0, 1)", c.factor);
      if (c.patience < 0) return Invalid("patience", ">= 0", c.patience);
      if (!(c.threshold >= 0.0)) return Invalid("threshold", ">= 0", c.threshold);
      return Ptr(std::make_unique<PlateauSchedule>(base_lr, c.factor, c.patience, c.threshold));
  }
  return Status::InvalidArgument("schedule.type: \"?\" (a value outside the table)");
}

}  // namespace optiscope
