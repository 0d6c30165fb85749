#include "engine/inspect/decision_regions.h"

#include <algorithm>
#include <cmath>

#include "engine/data/data_source.h"
#include "engine/features/pca.h"
#include "engine/train/experiment.h"
#include "engine/train/projection_publisher.h"

namespace optiscope {

Result<Projection> ComputeDecisionRegions(const TrainedModel& trained, const Dataset& data,
                                          const DecisionRegionOptions& options) {
  if (data.NumRows() < 2 || data.NumFeatures() < 2) {
    return Status::InvalidArgument("decision regions need at least 2 rows and 2 feature columns");
  }
  if (data.NumFeatures() != trained.num_inputs) {
    return Status::InvalidArgument("the model expects " + std::to_string(trained.num_inputs) +
                                   " feature columns, the data has " +
                                   std::to_string(data.NumFeatures()));
  }
  if (options.grid < 2) return Status::InvalidArgument("decision regions: grid must be >= 2");
  Mat Z = data.X;
  trained.preprocessor.Transform(&Z);
  PcaOptions pca_options;
  pca_options.n_components = static_cast<int>(std::min<Eigen::Index>(Z.rows(), Z.cols()));
  pca_options.solver = PcaSolver::kFull;
  Pca pca(pca_options);
  if (Status st = pca.Fit(Z); !st.ok()) return st;
  const Mat scores = pca.Transform(Z);

  Projection p;
  p.what = "data";
  const Eigen::Index n = scores.rows();
  p.xy.resize(2 * n);
  p.labels.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    p.xy[2 * i] = scores(i, 0);
    p.xy[2 * i + 1] = scores(i, 1);
    p.labels[i] = trained.task == TaskKind::kClassification ? static_cast<int>(data.y[i]) : -1;
  }
  const VecD& ratio = pca.explained_variance_ratio();
  p.explained_variance_ratio.assign(ratio.data(), ratio.data() + ratio.size());

  auto outputs = PredictOutputs(trained, data.X);
  if (!outputs.ok()) return outputs.status();
  AttachPredictions(*outputs, data.y, trained.task, &p);
  if (trained.task != TaskKind::kClassification) return p;

  // The grid over the widened bounding box, mapped back to raw feature units.
  const float x0 = scores.col(0).minCoeff(), x1 = scores.col(0).maxCoeff();
  const float y0 = scores.col(1).minCoeff(), y1 = scores.col(1).maxCoeff();
  const float mx = static_cast<float>(options.margin) * std::max(x1 - x0, 1e-6f);
  const float my = static_cast<float>(options.margin) * std::max(y1 - y0, 1e-6f);
  p.region_x_min = x0 - mx, p.region_x_max = x1 + mx;
  p.region_y_min = y0 - my, p.region_y_max = y1 + my;
  const int g = options.grid;
  p.region_cols = p.region_rows = g;
  Mat grid_scores = Mat::Zero(static_cast<Eigen::Index>(g) * g, scores.cols());
  for (int r = 0; r < g; ++r) {
    for (int c = 0; c < g; ++c) {
      const Eigen::Index k = static_cast<Eigen::Index>(r) * g + c;
      grid_scores(k, 0) = p.region_x_min + (c + 0.5f) * (p.region_x_max - p.region_x_min) / g;
      grid_scores(k, 1) = p.region_y_min + (r + 0.5f) * (p.region_y_max - p.region_y_min) / g;
    }
  }
  Mat grid_raw = pca.InverseTransform(grid_scores);
  const Vec& offset = trained.preprocessor.offset();
  const Vec& scale = trained.preprocessor.scale();
  if (offset.size() == grid_raw.cols() && scale.size() == grid_raw.cols()) {
    grid_raw = ((grid_raw.array().rowwise() * scale.transpose().array()).rowwise() +
                offset.transpose().array())
                   .matrix();
  }
  auto classes = Predict(trained, grid_raw);
  if (!classes.ok()) return classes.status();
  p.region_classes.resize(classes->size());
  for (Eigen::Index k = 0; k < classes->size(); ++k) {
    p.region_classes[k] = static_cast<int>((*classes)[k]);
  }
  return p;
}

Status RunDecisionRegions(const ExperimentConfig& config, EventSink& sink, std::stop_token stop,
                          const DecisionRegionOptions& options) {
  ExperimentConfig c = config;
  c.training.projection_every = 0;
  auto run = RunExperiment(c, sink, stop);
  if (!run.ok()) return run.status();
  if (run->status.code() == StatusCode::kCancelled) {
    return Status::Cancelled("decision regions: stopped");
  }
  if (!run->status.ok()) {
    const std::string reason = run->status.message();
    return Status::InvalidArgument("the model was not trained (" +
                                   std::string(RunStatusName(run->status)) +
                                   (reason.empty() ? "" : ": " + reason) + ")");
  }
  auto data = LoadDataset(c.data);
  if (!data.ok()) return data.status();
  auto projection = ComputeDecisionRegions(run->model, *data, options);
  if (!projection.ok()) return projection.status();
  sink.Publish(std::move(projection).value());
  return Status::Ok();
}

}  // namespace optiscope
