// Kernel functions (RBF, polynomial, linear) and KernelMatrix: the training Gram matrix served
// row by row, fully precomputed when it fits the cache budget, else through an LRU row cache.
#pragma once

#include <cstddef>
#include <list>
#include <unordered_map>
#include <vector>

#include "engine/core/types.h"

namespace optiscope {

enum class KernelKind { kRbf, kPoly, kLinear };

// k(a, b): rbf exp(-gamma |a - b|^2); poly (gamma a.b + coef0)^degree; linear a.b.
struct KernelFunction {
  KernelKind kind = KernelKind::kRbf;
  double gamma = 1.0;
  int degree = 3;
  double coef0 = 0.0;

  // out(i, j) = k(A.row(i), B.row(j)). `a_norms`/`b_norms` are the squared row norms (used by rbf).
  void Block(const Mat& A, const Vec& a_norms, const Mat& B, const Vec& b_norms, Mat* out) const;
};

// The n x n kernel matrix of a training set. Row(i) is valid until the second-next Row call
// (two rows are always resident). Not thread-safe.
class KernelMatrix {
 public:
  // Precomputes everything when n*n floats fit in `cache_bytes`, else caches as many rows as fit
  // (at least 2), evicting the least recently used.
  KernelMatrix(const Mat& X, const KernelFunction& kernel, size_t cache_bytes);

  int size() const { return static_cast<int>(X_.rows()); }
  const float* Row(int i);
  float Diagonal(int i) const { return diagonal_[i]; }
  bool full() const { return full_; }

 private:
  const Mat& X_;
  KernelFunction kernel_;
  Vec norms_;
  std::vector<float> diagonal_;
  bool full_ = false;
  Mat matrix_;  // full: n x n; cached: capacity x n row slots
  int capacity_ = 0;
  std::list<int> lru_;  // slot ids, most recent first
  std::unordered_map<int, std::pair<int, std::list<int>::iterator>> slot_of_row_;
  std::vector<int> row_of_slot_;
  Mat scratch_;
};

}  // namespace optiscope
