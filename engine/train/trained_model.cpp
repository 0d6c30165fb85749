#include "engine/train/trained_model.h"

#include "engine/models/model_factory.h"

namespace optiscope {

Result<Mat> PredictOutputs(const TrainedModel& trained, const Mat& X) {
  if (X.cols() != trained.num_inputs) {
    return Status::InvalidArgument("the model expects " + std::to_string(trained.num_inputs) +
                                   " feature columns, got " + std::to_string(X.cols()));
  }
  if (trained.estimator != nullptr) {
    Mat Xp = X;
    if (Xp.rows() > 0) trained.preprocessor.Transform(&Xp);
    Mat out;
    if (trained.task == TaskKind::kClassification) {
      trained.estimator->PredictProba(Xp, &out);
    } else {
      Vec values;
      trained.estimator->Predict(Xp, &values);
      out = ((values.cast<double>().array() * trained.target_scale + trained.target_offset)
                 .cast<Scalar>())
                .matrix();
    }
    return out;
  }
  auto model = MakeModel(trained.model, trained.num_inputs, trained.num_outputs, trained.task);
  if (!model.ok()) return model.status();
  if (static_cast<int>(trained.parameters.size()) != (*model)->NumParameters()) {
    return Status::InvalidArgument("the parameter buffer does not match the model architecture");
  }
  Mat Xp = X;
  if (Xp.rows() > 0) trained.preprocessor.Transform(&Xp);
  Mat out(Xp.rows(), trained.num_outputs);
  const int chunk = 256;
  auto ws = (*model)->MakeWorkspace(chunk);
  for (Eigen::Index begin = 0; begin < Xp.rows(); begin += chunk) {
    const Eigen::Index rows = std::min<Eigen::Index>(chunk, Xp.rows() - begin);
    ConstMatXMap<Scalar> xb(Xp.data() + begin * Xp.cols(), rows, Xp.cols());
    out.middleRows(begin, rows) = (*model)->Forward(trained.parameters, xb, *ws, nullptr);
  }
  if (trained.task == TaskKind::kRegression) {
    out = (out.array() * static_cast<Scalar>(trained.target_scale) +
           static_cast<Scalar>(trained.target_offset))
              .matrix();
  }
  return out;
}

Result<Vec> Predict(const TrainedModel& trained, const Mat& X) {
  auto out = PredictOutputs(trained, X);
  if (!out.ok()) return out.status();
  Vec p(out->rows());
  for (Eigen::Index i = 0; i < out->rows(); ++i) {
    if (trained.task == TaskKind::kClassification) {
      Eigen::Index arg = 0;
      out->row(i).maxCoeff(&arg);
      p[i] = static_cast<Scalar>(arg);
    } else {
      p[i] = (*out)(i, 0);
    }
  }
  return p;
}

}  // namespace optiscope
