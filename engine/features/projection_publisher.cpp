#include "engine/features/projection_publisher.h"

#include <algorithm>

#include "engine/features/pca.h"
#include "engine/models/dense_network.h"

namespace optiscope {

Projection MakeProjection(const Mat& X, const Vec& y, TaskKind task, const std::string& what,
                          int epoch, const std::string& run_id, int max_points) {
  Projection p;
  p.run_id = run_id;
  p.epoch = epoch;
  p.what = what;
  const long long n = X.rows();
  if (n < 2 || X.cols() < 1 || !X.allFinite()) return p;
  const long long stride = std::max<long long>(1, (n + max_points - 1) / max_points);
  Mat rows((n + stride - 1) / stride, X.cols());
  Vec labels(rows.rows());
  for (long long i = 0, r = 0; i < n; i += stride, ++r) {
    rows.row(r) = X.row(i);
    labels[r] = y.size() == n ? y[i] : -1;
  }
  PcaOptions options;
  options.n_components = std::min<int>(2, static_cast<int>(std::min<long long>(rows.rows(), X.cols())));
  options.solver = PcaSolver::kFull;
  options.threads = 1;
  Pca pca(options);
  if (rows.rows() < 2 || !pca.Fit(rows).ok()) return p;
  const Mat scores = pca.Transform(rows);
  p.xy.resize(2 * scores.rows());
  p.labels.resize(scores.rows());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    p.xy[2 * i] = scores(i, 0);
    p.xy[2 * i + 1] = scores.cols() > 1 ? scores(i, 1) : 0.0f;
    p.labels[i] = task == TaskKind::kClassification ? static_cast<int>(labels[i]) : -1;
  }
  p.explained_variance_ratio.assign(pca.explained_variance_ratio().data(),
                                    pca.explained_variance_ratio().data() +
                                        pca.explained_variance_ratio().size());
  return p;
}

std::function<void(int, std::span<const Scalar>)> HiddenProjectionHook(
    const DifferentiableModel& model, const Mat& X, const Vec& y, TaskKind task, int every,
    const std::string& run_id, EventSink& sink) {
  const auto* network = dynamic_cast<const DenseNetwork<Scalar>*>(&model);
  if (network == nullptr || every <= 0 || network->NumLayers() < 2) return {};
  return [network, &X, &y, task, every, run_id, &sink](int epoch, std::span<const Scalar> params) {
    if (epoch % every != 0) return;
    const Mat hidden = network->LastHiddenActivations(params, X);
    sink.Publish(MakeProjection(hidden, y, task, "hidden", epoch, run_id));
  };
}

}  // namespace optiscope
