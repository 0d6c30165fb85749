#include "engine/features/kernels.h"

#include <algorithm>
#include <cmath>

#include "engine/features/parallel_rows.h"

namespace optiscope {

Result<PcaKernel> ParsePcaKernel(const std::string& name) {
  return ParseEnum<PcaKernel>(name, "kernel");
}

const char* PcaKernelName(PcaKernel kernel) { return EnumName(kernel).c_str(); }

MatCD KernelBlock(const Mat& A, const Mat& B, const KernelParams& p, int threads) {
  const long long n = A.rows();
  const long long m = B.rows();
  MatCD K(n, m);
  // Dot products by a float GEMM. For rbf both sides are first shifted by B's column means
  // (distances do not change) so that |a|^2 + |b|^2 - 2 a.b cancels less.
  RowVec shift = RowVec::Zero(A.cols());
  if (p.kernel == PcaKernel::kRbf && m > 0) shift = B.colwise().mean();
  Mat b_shifted = B.rowwise() - shift;
  const VecD b_norms = b_shifted.cast<double>().rowwise().squaredNorm();
  threads = ResolveThreads(threads, n, 256);
  ParallelRows(n, threads, [&](long long begin, long long end, int) {
    const long long rows = end - begin;
    const Mat a = A.middleRows(begin, rows).rowwise() - shift;
    const Eigen::MatrixXf dots = a * b_shifted.transpose();
    const VecD a_norms = a.cast<double>().rowwise().squaredNorm();
    for (long long i = 0; i < rows; ++i) {
      for (long long j = 0; j < m; ++j) {
        const double dot = dots(i, j);
        double v = 0.0;
        switch (p.kernel) {
          case PcaKernel::kRbf:
            v = std::exp(-p.gamma * std::max(0.0, a_norms[i] + b_norms[j] - 2.0 * dot));
            break;
          case PcaKernel::kPoly: v = std::pow(p.gamma * dot + p.coef0, p.degree); break;
          case PcaKernel::kSigmoid: v = std::tanh(p.gamma * dot + p.coef0); break;
          case PcaKernel::kCosine: {
            const double norm = std::sqrt(a_norms[i] * b_norms[j]);
            v = norm > 0 ? dot / norm : 0.0;
            break;
          }
          case PcaKernel::kLinear: v = dot; break;
        }
        K(begin + i, j) = v;
      }
    }
  });
  return K;
}

}  // namespace optiscope
