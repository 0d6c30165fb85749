// Loss: the training criterion on a model's outputs — mean loss over a batch and its gradient
// with respect to the outputs, allocation-free.
#pragma once

#include <span>
#include <string>

#include "engine/core/types.h"

namespace optiscope {

// A loss averaged over the rows of a batch. Stateless and const (thread-safe).
template <class T>
class LossT {
 public:
  virtual ~LossT() = default;
  virtual std::string Name() const = 0;
  // Number of target entries per row for a model with `num_outputs` outputs.
  virtual int TargetWidth(int num_outputs) const = 0;
  // Returns the mean loss of `outputs` (rows x K) against `targets` (rows x TargetWidth(K),
  // row-major). When `grad` is non-null (rows x K) it receives dMeanLoss/dOutputs. No allocation.
  virtual double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                          MatXMap<T>* grad) const = 0;
};

using Loss = LossT<Scalar>;

}  // namespace optiscope
