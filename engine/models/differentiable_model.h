// DifferentiableModel: a model whose trainable parameters live in ONE contiguous buffer, with a
// forward pass and a backpropagated gradient over mini-batches, both allocation-free.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/types.h"

namespace optiscope {

// A contiguous run of entries in the parameter buffer.
struct ParamRange {
  int offset = 0;
  int size = 0;
};

// Buffers a model needs for one forward/backward pass of up to `max_rows` rows (activations,
// dropout masks, backpropagated deltas). Made by the model; opaque to callers.
class ModelWorkspace {
 public:
  virtual ~ModelWorkspace() = default;
  virtual int MaxRows() const = 0;
};

// A parametric model trained by gradient descent. The object holds only the architecture; the
// parameters are a span the caller owns (an optimizer updates them in place). Stateless and
// const: one instance can serve many threads, each with its own workspace and parameters.
template <class T>
class DifferentiableModelT {
 public:
  virtual ~DifferentiableModelT() = default;

  // A short description, e.g. "mlp 64-128-64-10 relu".
  virtual std::string Describe() const = 0;
  virtual int NumParameters() const = 0;
  virtual int NumInputs() const = 0;
  virtual int NumOutputs() const = 0;
  // The entries that are weights (penalised by L1/L2); the rest are biases.
  virtual std::vector<ParamRange> WeightRanges() const = 0;

  // Fills `params` with initial values drawn from `rng`. REQUIRES: size NumParameters().
  virtual void Initialize(std::span<T> params, Rng& rng) const = 0;

  // Buffers for batches of at most `max_rows` rows. Allocates; call once, outside training loops.
  virtual std::unique_ptr<ModelWorkspace> MakeWorkspace(int max_rows) const = 0;

  // Computes the outputs (rows x NumOutputs) for the rows of X (rows x NumInputs) into `ws` and
  // returns a view of them, valid until the next Forward with `ws`. `dropout_rng` non-null means
  // training mode (dropout masks drawn from it); null means inference. Does not allocate.
  // REQUIRES: X.rows() <= ws.MaxRows(); ws made by this model.
  virtual ConstMatXMap<T> Forward(std::span<const T> params, const ConstMatXMap<T>& X,
                                  ModelWorkspace& ws, Rng* dropout_rng) const = 0;

  // Backpropagates d_out = dLoss/dOutputs (rows x NumOutputs) through the last Forward made with
  // `ws`, the same params and the same X, and OVERWRITES `grad` (size NumParameters()) with
  // dLoss/dParams. Does not allocate.
  virtual void Backward(std::span<const T> params, const ConstMatXMap<T>& X,
                        const ConstMatXMap<T>& d_out, ModelWorkspace& ws,
                        std::span<T> grad) const = 0;
};

using DifferentiableModel = DifferentiableModelT<Scalar>;

}  // namespace optiscope
