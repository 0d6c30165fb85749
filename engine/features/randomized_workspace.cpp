#include "engine/features/randomized_workspace.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "engine/features/parallel_rows.h"

namespace optiscope {
namespace {
constexpr int kSketchRowBlock = 1024;
}  // namespace

RandomizedWorkspace::RandomizedWorkspace(const Mat& X, const VecD& mean, int threads)
    : X_(X), mean_(mean.transpose().cast<float>()), threads_(std::max(1, threads)) {
  blocks_.resize(threads_);
  y_blocks_.resize(threads_);
  partial_.resize(threads_);
}

void RandomizedWorkspace::PowerStep(const Eigen::MatrixXf& Z, bool want_squares,
                                    PowerStepSums* sums, Eigen::MatrixXf* keep_y) {
  const int d = static_cast<int>(X_.cols());
  const int l = static_cast<int>(Z.cols());
  if (keep_y != nullptr) keep_y->resize(X_.rows(), l);
  ParallelRows(X_.rows(), threads_, [&](long long begin, long long end, int t) {
    Mat& block = blocks_[t];
    Eigen::MatrixXf& y = y_blocks_[t];
    PowerStepSums& part = partial_[t];
    part.gram.setZero(l, l);
    part.transposed.setZero(d, l);
    Eigen::MatrixXf xty(d, l);
    Eigen::MatrixXd yd;
    if (want_squares) part.squares.setZero(d);
    for (long long b = begin; b < end; b += kSketchRowBlock) {
      const long long rows = std::min<long long>(kSketchRowBlock, end - b);
      block = X_.middleRows(b, rows);  // read once from memory; the rest stays in cache
      block.rowwise() -= mean_;
      y.noalias() = block * Z;
      xty.noalias() = block.transpose() * y;
      part.transposed += xty.cast<double>();
      yd = y.cast<double>();
      part.gram.noalias() += yd.transpose() * yd;
      if (want_squares) part.squares += block.colwise().squaredNorm().transpose().cast<double>();
      if (keep_y != nullptr) keep_y->middleRows(b, rows) = y;
    }
  });
  *sums = partial_[0];
  for (int t = 1; t < threads_; ++t) {
    sums->gram += partial_[t].gram;
    sums->transposed += partial_[t].transposed;
    if (want_squares) sums->squares += partial_[t].squares;
  }
}

Eigen::MatrixXd OrthonormalizerFromGram(const Eigen::MatrixXd& gram) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
  const Eigen::VectorXd& values = eig.eigenvalues();  // ascending
  const double top = std::max(values.size() ? values[values.size() - 1] : 0.0, 0.0);
  std::vector<int> kept;
  for (Eigen::Index j = values.size() - 1; j >= 0; --j) {
    if (values[j] > 1e-12 * top && values[j] > 0) kept.push_back(static_cast<int>(j));
  }
  Eigen::MatrixXd T(gram.rows(), static_cast<Eigen::Index>(kept.size()));
  for (size_t c = 0; c < kept.size(); ++c) {
    T.col(c) = eig.eigenvectors().col(kept[c]) / std::sqrt(values[kept[c]]);
  }
  return T;
}

}  // namespace optiscope
