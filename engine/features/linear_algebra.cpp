#include "engine/features/linear_algebra.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/features/parallel_rows.h"

namespace optiscope {

VecD ColumnMeans(const Mat& X, int threads) {
  const long long n = X.rows();
  const int d = static_cast<int>(X.cols());
  threads = ResolveThreads(threads, n);
  std::vector<VecD> partial(threads, VecD::Zero(d));
  ParallelRows(n, threads, [&](long long begin, long long end, int t) {
    VecD& sum = partial[t];
    for (long long i = begin; i < end; ++i) sum += X.row(i).transpose().cast<double>();
  });
  VecD mean = VecD::Zero(d);
  for (const VecD& p : partial) mean += p;
  return mean / static_cast<double>(std::max<long long>(n, 1));
}

MatCD CenteredGram(const Mat& X, const VecD& mean, int threads) {
  const long long n = X.rows();
  const int d = static_cast<int>(X.cols());
  // Float SYRK on 256 centred rows (short sums, so float keeps ~7 digits), then the block's
  // product is added to a double accumulator: float speed, double accumulation over the data.
  constexpr int kBlock = 256;
  const RowVec mean_f = mean.transpose().cast<float>();
  threads = ResolveThreads(threads, n);
  std::vector<MatCD> partial(threads, MatCD::Zero(d, d));
  ParallelRows(n, threads, [&](long long begin, long long end, int t) {
    Eigen::MatrixXf block;
    Eigen::MatrixXf product(d, d);
    MatCD& acc = partial[t];
    for (long long b = begin; b < end; b += kBlock) {
      const int rows = static_cast<int>(std::min<long long>(kBlock, end - b));
      block = X.middleRows(b, rows).rowwise() - mean_f;
      product.setZero();
      product.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
      acc.triangularView<Eigen::Lower>() += product.cast<double>();
    }
  });
  MatCD gram = MatCD::Zero(d, d);
  for (const MatCD& p : partial) gram += p;
  gram.triangularView<Eigen::StrictlyUpper>() = gram.transpose();
  return gram;
}

namespace {
constexpr int kRowBlock = 2048;
}  // namespace

MatCD CenteredTimes(const Mat& X, const VecD& mean, const MatCD& M, int threads) {
  const long long n = X.rows();
  const Eigen::MatrixXf Mf = M.cast<float>();
  const RowVec mean_f = mean.transpose().cast<float>();
  // Computed as (M^T block^T): a column-major view of the row-major block, the fast GEMM layout.
  Eigen::MatrixXf out_t(M.cols(), n);
  threads = ResolveThreads(threads, n);
  ParallelRows(n, threads, [&](long long begin, long long end, int) {
    Mat block;
    for (long long b = begin; b < end; b += kRowBlock) {
      const long long rows = std::min<long long>(kRowBlock, end - b);
      block = X.middleRows(b, rows);
      block.rowwise() -= mean_f;
      out_t.middleCols(b, rows).noalias() = Mf.transpose() * block.transpose();
    }
  });
  return out_t.transpose().cast<double>();
}

VecD FlipSignsByScores(const MatCD& scores) {
  VecD signs = VecD::Ones(scores.cols());
  for (Eigen::Index j = 0; j < scores.cols(); ++j) {
    Eigen::Index best = 0;
    double best_abs = -1;
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      const double a = std::abs(scores(i, j));
      if (a > best_abs) {
        best_abs = a;
        best = i;
      }
    }
    if (scores.rows() > 0 && scores(best, j) < 0) signs[j] = -1;
  }
  return signs;
}

}  // namespace optiscope
