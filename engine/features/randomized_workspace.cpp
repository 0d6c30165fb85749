#include "engine/features/randomized_workspace.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>

#include "engine/features/parallel_rows.h"

namespace optiscope {
namespace {
constexpr int kRowBlock = 2048;
}  // namespace

RandomizedWorkspace::RandomizedWorkspace(const Mat& X, const VecD& mean, int threads)
    : X_(X), mean_(mean.transpose().cast<float>()), threads_(std::max(1, threads)) {
  blocks_.resize(threads_);
  partial_.resize(threads_);
}

void RandomizedWorkspace::Times(const Eigen::MatrixXf& M, Eigen::MatrixXf* Y) {
  ParallelRows(X_.rows(), threads_, [&](long long begin, long long end, int t) {
    Mat& block = blocks_[t];
    for (long long b = begin; b < end; b += kRowBlock) {
      const long long rows = std::min<long long>(kRowBlock, end - b);
      block = X_.middleRows(b, rows);
      block.rowwise() -= mean_;
      Y->middleRows(b, rows).noalias() = block * M;
    }
  });
}

void RandomizedWorkspace::TransposeTimes(const Eigen::MatrixXf& Y, Eigen::MatrixXf* Z) {
  const int d = static_cast<int>(X_.cols());
  ParallelRows(X_.rows(), threads_, [&](long long begin, long long end, int t) {
    Mat& block = blocks_[t];
    Eigen::MatrixXd& sum = partial_[t];
    sum.setZero(d, Y.cols());
    Eigen::MatrixXf product(d, Y.cols());
    for (long long b = begin; b < end; b += kRowBlock) {
      const long long rows = std::min<long long>(kRowBlock, end - b);
      block = X_.middleRows(b, rows);
      block.rowwise() -= mean_;
      product.noalias() = block.transpose() * Y.middleRows(b, rows);
      sum += product.cast<double>();
    }
  });
  Eigen::MatrixXd total = partial_[0];
  for (int t = 1; t < threads_; ++t) total += partial_[t];
  *Z = total.cast<float>();
}

void RandomizedWorkspace::Orthonormalize(Eigen::MatrixXf* A) const {
  for (int pass = 0; pass < 2; ++pass) {
    const Eigen::MatrixXd gram = (A->transpose() * *A).cast<double>();
    Eigen::LLT<Eigen::MatrixXd> llt(gram);
    const Eigen::VectorXd diag = llt.matrixLLT().diagonal();
    const bool ok = llt.info() == Eigen::Success && diag.size() > 0 &&
                    diag.minCoeff() > 1e-3 * diag.maxCoeff();
    if (!ok) {
      Eigen::HouseholderQR<Eigen::MatrixXf> qr(*A);
      *A = qr.householderQ() * Eigen::MatrixXf::Identity(A->rows(), A->cols());
      return;
    }
    const Eigen::MatrixXf upper = Eigen::MatrixXd(llt.matrixU()).cast<float>();
    upper.triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(*A);
  }
}

}  // namespace optiscope
