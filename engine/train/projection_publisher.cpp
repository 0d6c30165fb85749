#include "engine/train/projection_publisher.h"

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
  std::vector<int> kept;
  kept.reserve(rows.rows());
  for (long long i = 0, r = 0; i < n; i += stride, ++r) {
    rows.row(r) = X.row(i);
    labels[r] = y.size() == n ? y[i] : -1;
    kept.push_back(static_cast<int>(i));
  }
  PcaOptions options;
  options.n_components =
      std::min<int>(2, static_cast<int>(std::min<long long>(rows.rows(), X.cols())));
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
  if (stride > 1) p.rows = std::move(kept);
  p.explained_variance_ratio.assign(
      pca.explained_variance_ratio().data(),
      pca.explained_variance_ratio().data() + pca.explained_variance_ratio().size());
  return p;
}

void AttachPredictions(const Mat& outputs, const Vec& y, TaskKind task, Projection* projection) {
  const size_t n = projection->xy.size() / 2;
  auto row_of = [&](size_t i) {
    return projection->rows.empty() ? static_cast<Eigen::Index>(i)
                                    : static_cast<Eigen::Index>(projection->rows[i]);
  };
  if (task == TaskKind::kClassification) {
    projection->predictions.resize(n);
    for (size_t i = 0; i < n; ++i) {
      Eigen::Index arg = 0;
      outputs.row(row_of(i)).maxCoeff(&arg);
      projection->predictions[i] = static_cast<int>(arg);
    }
  } else {
    projection->errors.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Eigen::Index r = row_of(i);
      projection->errors[i] = outputs(r, 0) - y[r];
    }
  }
}

namespace {

class HiddenProjection final : public TrainingCallback {
 public:
  HiddenProjection(const DenseNetwork<Scalar>& network, const Mat& X, const Vec& y, TaskKind task,
                   int every, std::string run_id, EventSink& sink)
      : network_(network), X_(X), y_(y), task_(task), every_(every), run_id_(std::move(run_id)),
        sink_(sink) {}

  Decision OnEpochEnd(const EpochView& view) override {
    if (view.epoch % every_ != 0) return Decision::kContinue;
    const Mat hidden = network_.LastHiddenActivations(view.params, X_);
    Projection p = MakeProjection(hidden, y_, task_, "hidden", view.epoch, run_id_);
    if (!p.xy.empty() && y_.size() == X_.rows()) {
      auto ws = network_.MakeWorkspace(static_cast<int>(X_.rows()));
      const Mat outputs = network_.Forward(view.params, View(X_), *ws, nullptr);
      AttachPredictions(outputs, y_, task_, &p);
    }
    sink_.Publish(std::move(p));
    return Decision::kContinue;
  }

 private:
  const DenseNetwork<Scalar>& network_;
  const Mat& X_;
  const Vec& y_;
  TaskKind task_;
  int every_;
  std::string run_id_;
  EventSink& sink_;
};

}  // namespace

std::unique_ptr<TrainingCallback> MakeHiddenProjectionCallback(const DifferentiableModel& model,
                                                               const Mat& X, const Vec& y,
                                                               TaskKind task, int every,
                                                               const std::string& run_id,
                                                               EventSink& sink) {
  const auto* network = dynamic_cast<const DenseNetwork<Scalar>*>(&model);
  if (network == nullptr || every <= 0 || network->NumLayers() < 2) return nullptr;
  return std::make_unique<HiddenProjection>(*network, X, y, task, every, run_id, sink);
}

}  // namespace optiscope
