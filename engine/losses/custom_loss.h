// CustomLoss: a loss written by the user as an expression of the prediction p and target y
// (loss_expression.h), applied element-wise; exact derivatives by automatic differentiation.
#pragma once

#include "engine/config/loss_expression.h"
#include "engine/losses/loss.h"

namespace optiscope {

// Regression: L = mean over all n*K entries of f(z, y), dL/dz = f'(z, y)/(nK).
// Classification: f is applied to each class's softmax probability p_c against the one-hot
// target (y = 1 for the true class, 0 otherwise) and summed over classes:
//   L = (1/n) sum_i sum_c f(p_ic, [c = y_i]),  dL/dz_ij = p_ij (g_ij - sum_c p_ic g_ic) / n
// with g_ic = f'(p_ic, [c = y_i]); e.g. "(p - y)^2" is the Brier score. No allocation.
template <class T>
class CustomLoss final : public LossT<T> {
 public:
  CustomLoss(LossExpression expression, bool classification)
      : expression_(std::move(expression)), classification_(classification) {}

  std::string Name() const override { return "custom"; }
  int TargetWidth(int num_outputs) const override { return classification_ ? 1 : num_outputs; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;
  const LossExpression& expression() const { return expression_; }

 private:
  LossExpression expression_;
  bool classification_;
};

}  // namespace optiscope
