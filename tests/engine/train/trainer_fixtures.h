// Small seeded problems for trainer tests: Gaussian blobs (classification) and a sparse linear
// target (regression), generated in-test so the trainer is tested without the data module; and
// the setup the Trainer and TrainingLoop tests share (a dense network, its initial parameters,
// options).
#pragma once

#include <vector>

#include "engine/core/rng.h"
#include "engine/core/types.h"
#include "engine/models/dense_network.h"
#include "engine/train/training_loop.h"

namespace optiscope::testing {

struct Split {
  Mat X, X_val;
  Vec y, y_val;
};

// `classes` well-separated Gaussian clusters in `features` dimensions.
inline Split Blobs(int n, int n_val, int features, int classes, uint64_t seed) {
  Rng rng(seed);
  Mat centers(classes, features);
  for (int i = 0; i < centers.size(); ++i)
    centers.data()[i] = static_cast<Scalar>(3 * rng.Normal());
  auto fill = [&](Mat& X, Vec& y, int rows) {
    X.resize(rows, features);
    y.resize(rows);
    for (int i = 0; i < rows; ++i) {
      const int c = static_cast<int>(rng.UniformInt(classes));
      y[i] = static_cast<Scalar>(c);
      for (int j = 0; j < features; ++j) {
        X(i, j) = centers(c, j) + static_cast<Scalar>(0.5 * rng.Normal());
      }
    }
  };
  Split s;
  fill(s.X, s.y, n);
  fill(s.X_val, s.y_val, n_val);
  return s;
}

// y = 2 x0 - 3 x1 + 0.5 + noise over `features` standard-normal inputs; the rest are irrelevant.
inline Split SparseLinear(int n, int n_val, int features, uint64_t seed) {
  Rng rng(seed);
  auto fill = [&](Mat& X, Vec& y, int rows) {
    X.resize(rows, features);
    y.resize(rows);
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < features; ++j) X(i, j) = static_cast<Scalar>(rng.Normal());
      y[i] = 2 * X(i, 0) - 3 * X(i, 1) + 0.5f + static_cast<Scalar>(0.1 * rng.Normal());
    }
  };
  Split s;
  fill(s.X, s.y, n);
  fill(s.X_val, s.y_val, n_val);
  return s;
}

// A dense network with these layer sizes (inputs first) and dropout on the hidden layers.
inline DenseNetwork<Scalar> Mlp(std::vector<int> sizes, double dropout = 0.0) {
  DenseNetworkOptions o;
  o.layer_sizes = std::move(sizes);
  o.dropout = dropout;
  return DenseNetwork<Scalar>(o);
}

// The model's parameters initialised with Rng(seed).
inline std::vector<Scalar> Init(const DifferentiableModel& model, uint64_t seed = 0) {
  std::vector<Scalar> p(model.NumParameters());
  Rng rng(seed);
  model.Initialize(p, rng);
  return p;
}

inline TrainerOptions Opts(int epochs, int batch, double lr = 0.1) {
  TrainerOptions o;
  o.epochs = epochs;
  o.batch_size = batch;
  o.learning_rate = lr;
  return o;
}

}  // namespace optiscope::testing
