#include "engine/models/classic/kernel_matrix.h"

#include <algorithm>
#include <cmath>

namespace optiscope {

void KernelFunction::Block(const Mat& A, const Vec& a_norms, const Mat& B, const Vec& b_norms,
                           Mat* out) const {
  out->noalias() = A * B.transpose();
  switch (kind) {
    case KernelKind::kLinear:
      break;
    case KernelKind::kPoly: {
      const float g = static_cast<float>(gamma), c = static_cast<float>(coef0);
      const int d = degree;
      *out = out->unaryExpr([g, c, d](float v) {
        const float base = g * v + c;
        float result = 1.0f;
        for (int p = 0; p < d; ++p) result *= base;
        return result;
      });
      break;
    }
    case KernelKind::kRbf: {
      const float g = static_cast<float>(gamma);
      for (int i = 0; i < out->rows(); ++i) {
        float* row = out->row(i).data();
        const float an = a_norms[i];
        for (int j = 0; j < out->cols(); ++j) {
          row[j] = -g * std::max(0.0f, an + b_norms[j] - 2.0f * row[j]);
        }
      }
      out->array() = out->array().exp();
      break;
    }
  }
}

KernelMatrix::KernelMatrix(const Mat& X, const KernelFunction& kernel, size_t cache_bytes)
    : X_(X), kernel_(kernel) {
  const int n = static_cast<int>(X.rows());
  norms_ = X.rowwise().squaredNorm();
  diagonal_.resize(n);
  for (int i = 0; i < n; ++i) {
    switch (kernel.kind) {
      case KernelKind::kRbf:
        diagonal_[i] = 1.0f;
        break;
      case KernelKind::kLinear:
        diagonal_[i] = norms_[i];
        break;
      case KernelKind::kPoly:
        diagonal_[i] =
            static_cast<float>(std::pow(kernel.gamma * norms_[i] + kernel.coef0, kernel.degree));
        break;
    }
  }
  const size_t row_bytes = sizeof(float) * static_cast<size_t>(n);
  if (row_bytes * n <= cache_bytes) {
    full_ = true;
    kernel_.Block(X, norms_, X, norms_, &matrix_);
    return;
  }
  capacity_ = static_cast<int>(std::max<size_t>(2, cache_bytes / row_bytes));
  matrix_.resize(capacity_, n);
  row_of_slot_.assign(capacity_, -1);
}

const float* KernelMatrix::Row(int i) {
  if (full_) return matrix_.row(i).data();
  auto found = slot_of_row_.find(i);
  if (found != slot_of_row_.end()) {
    lru_.splice(lru_.begin(), lru_, found->second.second);
    return matrix_.row(found->second.first).data();
  }
  int slot;
  if (static_cast<int>(lru_.size()) < capacity_) {
    slot = static_cast<int>(lru_.size());
    lru_.push_front(slot);
  } else {
    slot = lru_.back();
    lru_.splice(lru_.begin(), lru_, std::prev(lru_.end()));
    slot_of_row_.erase(row_of_slot_[slot]);
  }
  row_of_slot_[slot] = i;
  slot_of_row_[i] = {slot, lru_.begin()};
  const Mat query = X_.row(i);
  const Vec query_norm = norms_.segment(i, 1);
  kernel_.Block(query, query_norm, X_, norms_, &scratch_);
  matrix_.row(slot) = scratch_.row(0);
  return matrix_.row(slot).data();
}

}  // namespace optiscope
