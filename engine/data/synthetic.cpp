// Generators in the spirit of scikit-learn's make_moons / make_circles / make_blobs /
// make_regression (Pedregosa et al. 2011), with the project's own Rng so the data is the same on
// every platform.
#include "engine/data/synthetic.h"

#include <cmath>
#include <numeric>

#include "engine/core/rng.h"

namespace optiscope {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Rows of class k when n rows are shared by k classes as evenly as possible.
int ClassSize(int n, int classes, int k) { return n / classes + (k < n % classes ? 1 : 0); }

Dataset Empty(const SyntheticOptions& o, int features, int classes) {
  Dataset ds;
  ds.name = "synthetic:";
  ds.name += EnumName(o.kind);
  ds.X.resize(o.n, features);
  ds.y.resize(o.n);
  for (int j = 0; j < features; ++j) {
    ds.feature_names.push_back("x");
    ds.feature_names.back() += std::to_string(j + 1);
  }
  if (classes > 0) {
    ds.task = TaskKind::kClassification;
    ds.target_name = "class";
    for (int k = 0; k < classes; ++k) ds.class_names.push_back(std::to_string(k));
  } else {
    ds.task = TaskKind::kRegression;
    ds.target_name = std::string(1, 'y');
  }
  return ds;
}

// Evenly spaced t in [0, 1] (one point: 0).
double Spaced(int i, int count) { return count > 1 ? static_cast<double>(i) / (count - 1) : 0.0; }

void Moons(const SyntheticOptions& o, Rng& rng, Dataset* ds) {
  int row = 0;
  for (int k = 0; k < 2; ++k) {
    const int count = ClassSize(o.n, 2, k);
    for (int i = 0; i < count; ++i, ++row) {
      const double t = kPi * Spaced(i, count);
      const double x = k == 0 ? std::cos(t) : 1.0 - std::cos(t);
      const double y = k == 0 ? std::sin(t) : 0.5 - std::sin(t);
      ds->X(row, 0) = static_cast<Scalar>(x + o.noise * rng.Normal());
      ds->X(row, 1) = static_cast<Scalar>(y + o.noise * rng.Normal());
      ds->y(row) = static_cast<Scalar>(k);
    }
  }
}

void Circles(const SyntheticOptions& o, Rng& rng, Dataset* ds) {
  int row = 0;
  for (int k = 0; k < 2; ++k) {
    const int count = ClassSize(o.n, 2, k);
    const double radius = k == 0 ? 1.0 : 0.5;
    for (int i = 0; i < count; ++i, ++row) {
      const double t = 2.0 * kPi * i / count;
      ds->X(row, 0) = static_cast<Scalar>(radius * std::cos(t) + o.noise * rng.Normal());
      ds->X(row, 1) = static_cast<Scalar>(radius * std::sin(t) + o.noise * rng.Normal());
      ds->y(row) = static_cast<Scalar>(k);
    }
  }
}

// Arm k: radius r from 0 to 1 while the angle turns 1.5 times, arms rotated by 2*pi/classes.
void Spirals(const SyntheticOptions& o, Rng& rng, Dataset* ds) {
  int row = 0;
  for (int k = 0; k < o.classes; ++k) {
    const int count = ClassSize(o.n, o.classes, k);
    for (int i = 0; i < count; ++i, ++row) {
      const double r = Spaced(i, count);
      const double angle = 2.0 * kPi * k / o.classes + 3.0 * kPi * r;
      ds->X(row, 0) = static_cast<Scalar>(r * std::cos(angle) + o.noise * rng.Normal());
      ds->X(row, 1) = static_cast<Scalar>(r * std::sin(angle) + o.noise * rng.Normal());
      ds->y(row) = static_cast<Scalar>(k);
    }
  }
}

// Centers uniform in [-10, 10]^features, unit spread around each, plus the noise.
void Blobs(const SyntheticOptions& o, Rng& rng, Dataset* ds) {
  std::vector<double> centers(static_cast<size_t>(o.classes) * o.features);
  for (double& c : centers) c = rng.Uniform(-10.0, 10.0);
  const double spread = std::sqrt(1.0 + o.noise * o.noise);
  int row = 0;
  for (int k = 0; k < o.classes; ++k) {
    const int count = ClassSize(o.n, o.classes, k);
    for (int i = 0; i < count; ++i, ++row) {
      for (int j = 0; j < o.features; ++j) {
        ds->X(row, j) = static_cast<Scalar>(centers[static_cast<size_t>(k) * o.features + j] +
                                            spread * rng.Normal());
      }
      ds->y(row) = static_cast<Scalar>(k);
    }
  }
}

// Uniform in [-1, 1]^2; class 1 when the signs of the coordinates differ; noise added after.
void Xor(const SyntheticOptions& o, Rng& rng, Dataset* ds) {
  for (int row = 0; row < o.n; ++row) {
    const double a = rng.Uniform(-1.0, 1.0);
    const double b = rng.Uniform(-1.0, 1.0);
    ds->y(row) = static_cast<Scalar>((a > 0) != (b > 0) ? 1 : 0);
    ds->X(row, 0) = static_cast<Scalar>(a + o.noise * rng.Normal());
    ds->X(row, 1) = static_cast<Scalar>(b + o.noise * rng.Normal());
  }
}

// y = w.x + b + noise, with x, w and b standard normal.
void Linear(const SyntheticOptions& o, Rng& rng, Dataset* ds) {
  std::vector<double> w(o.features);
  for (double& v : w) v = rng.Normal();
  const double bias = rng.Normal();
  for (int row = 0; row < o.n; ++row) {
    double target = bias;
    for (int j = 0; j < o.features; ++j) {
      const double x = rng.Normal();
      ds->X(row, j) = static_cast<Scalar>(x);
      target += w[j] * x;
    }
    ds->y(row) = static_cast<Scalar>(target + o.noise * rng.Normal());
  }
}

}  // namespace

Result<Dataset> MakeSynthetic(const SyntheticOptions& o) {
  if (o.n < 1) return Status::InvalidArgument("synthetic data needs n >= 1 rows");
  if (!(o.noise >= 0.0) || !std::isfinite(o.noise)) {
    return Status::InvalidArgument("synthetic noise must be a finite value >= 0");
  }
  Rng rng(o.seed);
  Dataset ds;
  const bool multiclass = o.kind == SyntheticKind::kSpirals || o.kind == SyntheticKind::kBlobs;
  if (multiclass && o.classes < 2) {
    return Status::InvalidArgument(EnumName(o.kind) + " needs classes >= 2");
  }
  switch (o.kind) {
    case SyntheticKind::kMoons:
      ds = Empty(o, 2, 2);
      Moons(o, rng, &ds);
      break;
    case SyntheticKind::kCircles:
      ds = Empty(o, 2, 2);
      Circles(o, rng, &ds);
      break;
    case SyntheticKind::kXor:
      ds = Empty(o, 2, 2);
      Xor(o, rng, &ds);
      break;
    case SyntheticKind::kSpirals:
      ds = Empty(o, 2, o.classes);
      Spirals(o, rng, &ds);
      break;
    case SyntheticKind::kBlobs:
      if (o.features < 1) return Status::InvalidArgument("blobs needs features >= 1");
      ds = Empty(o, o.features, o.classes);
      Blobs(o, rng, &ds);
      break;
    case SyntheticKind::kLinear:
      if (o.features < 1) return Status::InvalidArgument("linear needs features >= 1");
      ds = Empty(o, o.features, 0);
      Linear(o, rng, &ds);
      break;
  }
  if (ds.X.rows() != o.n) {
    return Status::InvalidArgument("synthetic kind \"?\" (a value outside the table)");
  }
  // Rows in a seeded random order, so that classes are interleaved.
  std::vector<int> order(o.n);
  std::iota(order.begin(), order.end(), 0);
  rng.Shuffle(order);
  return ds.Subset(order);
}

}  // namespace optiscope
