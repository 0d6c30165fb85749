#include "engine/train/regularization_callbacks.h"

#include <algorithm>
#include <cmath>

namespace optiscope {

Decision GradientClipping::OnGradient(std::span<Scalar> grad) {
  if (value_ > 0) {
    const Scalar v = static_cast<Scalar>(value_);
    for (Scalar& g : grad) g = std::clamp(g, -v, v);
  }
  if (norm_ > 0) {
    Eigen::Map<Vec> g(grad.data(), static_cast<Eigen::Index>(grad.size()));
    const double norm = std::sqrt(static_cast<double>(g.squaredNorm()));
    const double scale = norm_ / (norm + 1e-6);
    if (scale < 1.0) g *= static_cast<Scalar>(scale);
  }
  return Decision::kContinue;
}

Decision L1Proximal::OnStep(const StepView& step) {
  const Scalar t = static_cast<Scalar>(step.learning_rate * l1_);
  for (const ParamRange& r : weights_) {
    Eigen::Map<Vec> w(step.params.data() + r.offset, r.size);
    w = w.array().sign() * (w.array().abs() - t).cwiseMax(Scalar(0));
  }
  return Decision::kContinue;
}

RegularizationCallbacks::RegularizationCallbacks(const RegularizationConfig& reg,
                                                 const TrainingProblem& problem,
                                                 bool classification,
                                                 std::span<TrainingCallback* const> extra)
    : early_stopping_(reg, classification, problem.params) {
  if (reg.clip_grad_value > 0 || reg.clip_grad_norm > 0) {
    clipping_ = std::make_unique<GradientClipping>(reg.clip_grad_value, reg.clip_grad_norm);
    all_.push_back(clipping_.get());
  }
  if (reg.l1 > 0) {
    l1_ = std::make_unique<L1Proximal>(reg.l1, problem.model.WeightRanges());
    all_.push_back(l1_.get());
  }
  all_.insert(all_.end(), extra.begin(), extra.end());
  if (early_stopping_.enabled()) all_.push_back(&early_stopping_);
}

TrainOutcome RunRegularized(TrainingLoop& loop, const TrainingProblem& problem,
                            const TrainerOptions& options,
                            std::span<TrainingCallback* const> extra) {
  RegularizationCallbacks callbacks(options.regularization, problem,
                                    options.task == TaskKind::kClassification, extra);
  TrainOutcome outcome = loop.Run(problem, callbacks.all());
  outcome.best_epoch = callbacks.early_stopping().best_epoch();
  return outcome;
}

}  // namespace optiscope
