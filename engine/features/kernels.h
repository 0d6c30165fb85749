// Kernel functions of Kernel PCA with scikit-learn's pairwise_kernels definitions: rbf
// exp(-gamma |x-y|^2), poly (gamma x.y + coef0)^degree, sigmoid tanh(gamma x.y + coef0), cosine
// x.y / (|x||y|), linear x.y.
#pragma once

#include <string>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/features/linear_algebra.h"

namespace optiscope {

// PcaKernel (rbf | poly | sigmoid | cosine | linear) is config_enums.h's, features.pca.kernel's.
// Parses one of its names; PcaKernelName is the inverse (the same table).
Result<PcaKernel> ParsePcaKernel(const std::string& name);
const char* PcaKernelName(PcaKernel kernel);

struct KernelParams {
  PcaKernel kernel = PcaKernel::kRbf;
  double gamma = 0.0;  // <= 0: 1 / n_features
  int degree = 3;
  double coef0 = 1.0;
};

// K(A, B): A.rows() x B.rows(), in double (the Gram product runs in float, multithreaded).
// `gamma` must already be resolved (> 0).
MatCD KernelBlock(const Mat& A, const Mat& B, const KernelParams& params, int threads = 0);

}  // namespace optiscope
