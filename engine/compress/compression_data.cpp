#include "engine/compress/compression_data.h"

#include "engine/data/data_source.h"
#include "engine/data/splits.h"
#include "engine/train/configured_split.h"

namespace optiscope {

Result<CompressionData> PrepareCompressionData(const DataConfig& data,
                                               const TrainedModel& trained) {
  auto dataset = LoadDataset(data);
  if (!dataset.ok()) return dataset.status();
  if (dataset->NumFeatures() != trained.num_inputs) {
    return Status::InvalidArgument("the model expects " + std::to_string(trained.num_inputs) +
                                   " feature columns, the dataset '" + data.source + "' has " +
                                   std::to_string(dataset->NumFeatures()));
  }
  if (dataset->task != trained.task) {
    return Status::InvalidArgument("the dataset's task differs from the model's");
  }
  auto split = MakeConfiguredSplit(data, *dataset);
  if (!split.ok()) return split.status();
  CompressionData out;
  out.task = dataset->task;
  out.scaling.offset = trained.target_offset;
  out.scaling.scale = trained.target_scale;
  struct Part {
    const std::vector<int>* rows;
    Mat* X;
    Vec* y;
  };
  for (const Part& p : {Part{&split->train, &out.X_train, &out.y_train},
                        Part{&split->validation, &out.X_val, &out.y_val},
                        Part{&split->test, &out.X_test, &out.y_test}}) {
    Dataset d = dataset->Subset(*p.rows);
    if (d.NumRows() > 0) trained.preprocessor.Transform(&d.X);
    if (out.task == TaskKind::kRegression) {
      d.y = ((d.y.cast<double>().array() - out.scaling.offset) / out.scaling.scale)
                .cast<Scalar>()
                .matrix();
    }
    *p.X = std::move(d.X);
    *p.y = std::move(d.y);
  }
  return out;
}

Mat CalibrationRows(const CompressionData& data, int max_rows) {
  const Mat& source = data.X_val.rows() > 0 ? data.X_val : data.X_train;
  const Eigen::Index rows = std::min<Eigen::Index>(max_rows, source.rows());
  return source.topRows(rows);
}

}  // namespace optiscope
