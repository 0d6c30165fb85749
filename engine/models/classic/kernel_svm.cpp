#include "engine/models/classic/kernel_svm.h"

#include <cmath>
#include <unordered_map>

#include "engine/models/classic/json_state.h"
#include "engine/models/classic/smo_solver.h"

namespace optiscope {
namespace {

// The support vectors' squared norms, cached by Fit and by Load. One out-of-line function for
// both: had each call site its own inlined (or a linker-chosen out-of-line) copy of Eigen's
// reduction, the two copies could round differently (FMA contraction and vectorisation differ
// between copies, and between translation units compiled with other flags), and a loaded model
// would not predict exactly what the fitted one did (EstimatorIoTest found 1-ulp differences).
[[gnu::noinline]] Vec SupportRowNorms(const Mat& support) {
  return support.rowwise().squaredNorm();
}

}  // namespace

Status KernelSvm::Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                      std::stop_token stop) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X, y, task, num_classes, Name()));
  if (task != TaskKind::kClassification) {
    return Status::InvalidArgument("kernel_svm supports classification only");
  }
  if (!(options_.C > 0.0) || !(options_.tol > 0.0) || options_.degree < 1 ||
      !(options_.cache_mb > 0.0) ||
      (options_.gamma_rule == KernelSvmOptions::Gamma::kValue && !(options_.gamma > 0.0))) {
    return Status::InvalidArgument(
        "kernel_svm needs C > 0, tol > 0, degree >= 1, cache_mb > 0 and gamma > 0 when given "
        "as a number");
  }
  num_classes_ = num_classes;
  num_features_ = static_cast<int>(X.cols());
  const int n = static_cast<int>(X.rows());
  const int features = static_cast<int>(X.cols());
  kernel_.kind = options_.kernel;
  kernel_.degree = options_.degree;
  kernel_.coef0 = options_.coef0;
  switch (options_.gamma_rule) {
    case KernelSvmOptions::Gamma::kValue:
      kernel_.gamma = options_.gamma;
      break;
    case KernelSvmOptions::Gamma::kAuto:
      kernel_.gamma = 1.0 / features;
      break;
    case KernelSvmOptions::Gamma::kScale: {
      const MatD Xd = X.cast<double>();
      const double mean = Xd.mean();
      const double var = (Xd.array() - mean).square().mean();
      kernel_.gamma = var != 0.0 ? 1.0 / (features * var) : 1.0;
      break;
    }
  }
  KernelMatrix matrix(X, kernel_, static_cast<size_t>(options_.cache_mb * 1024.0 * 1024.0));

  std::vector<std::vector<int>> rows_of_class(num_classes);
  for (int i = 0; i < n; ++i) rows_of_class[static_cast<int>(y[i])].push_back(i);

  machines_.clear();
  converged_ = true;
  std::unordered_map<int, int> support_index;  // training row -> row of support_
  std::vector<int> support_rows;
  SmoOptions smo;
  smo.C = options_.C;
  smo.tol = options_.tol;
  smo.max_iter = options_.max_iter;
  std::vector<int> rows;
  std::vector<int8_t> labels;
  for (int a = 0; a < num_classes; ++a) {
    for (int b = a + 1; b < num_classes; ++b) {
      rows.clear();
      labels.clear();
      for (int r : rows_of_class[a]) {
        rows.push_back(r);
        labels.push_back(+1);
      }
      for (int r : rows_of_class[b]) {
        rows.push_back(r);
        labels.push_back(-1);
      }
      Machine machine;
      machine.positive = a;
      machine.negative = b;
      if (rows_of_class[a].empty() || rows_of_class[b].empty()) {
        // A class absent from the training rows: the machine always votes for the other one.
        machine.rho = rows_of_class[a].empty() ? 1.0 : -1.0;
      } else {
        SmoResult result;
        OPTISCOPE_RETURN_IF_ERROR(SolveSmo(matrix, rows, labels, smo, stop, &result));
        converged_ = converged_ && result.converged;
        machine.rho = result.rho;
        for (size_t t = 0; t < rows.size(); ++t) {
          if (result.alpha[t] <= 0.0) continue;
          auto [it, inserted] =
              support_index.try_emplace(rows[t], static_cast<int>(support_rows.size()));
          if (inserted) support_rows.push_back(rows[t]);
          machine.sv.push_back(it->second);
          machine.coef.push_back(result.alpha[t] * labels[t]);
        }
      }
      machines_.push_back(std::move(machine));
    }
  }
  support_.resize(static_cast<int>(support_rows.size()), features);
  for (size_t s = 0; s < support_rows.size(); ++s) support_.row(s) = X.row(support_rows[s]);
  support_norms_ = SupportRowNorms(support_);
  return Status::Ok();
}

void KernelSvm::DecisionFunction(const Mat& X, MatD* values) const {
  const Vec norms = X.rowwise().squaredNorm();
  Mat k;
  kernel_.Block(X, norms, support_, support_norms_, &k);
  values->resize(X.rows(), static_cast<int>(machines_.size()));
  for (int i = 0; i < X.rows(); ++i) {
    const float* row = k.row(i).data();
    for (size_t m = 0; m < machines_.size(); ++m) {
      const Machine& machine = machines_[m];
      double sum = 0.0;
      for (size_t s = 0; s < machine.sv.size(); ++s) sum += machine.coef[s] * row[machine.sv[s]];
      (*values)(i, static_cast<int>(m)) = sum - machine.rho;
    }
  }
}

void KernelSvm::Predict(const Mat& X, Vec* out) const {
  Mat proba;
  PredictProba(X, &proba);
  out->resize(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    Eigen::Index k;
    proba.row(i).maxCoeff(&k);
    (*out)[i] = static_cast<Scalar>(k);
  }
}

void KernelSvm::PredictProba(const Mat& X, Mat* proba) const {
  MatD values;
  DecisionFunction(X, &values);
  proba->setZero(X.rows(), num_classes_);
  for (int i = 0; i < X.rows(); ++i) {
    if (num_classes_ == 2) {
      // Machine (0, 1): > 0 favours class 0.
      const double p0 = 1.0 / (1.0 + std::exp(-values(i, 0)));
      (*proba)(i, 0) = static_cast<Scalar>(p0);
      (*proba)(i, 1) = static_cast<Scalar>(1.0 - p0);
      continue;
    }
    for (size_t m = 0; m < machines_.size(); ++m) {
      const Machine& machine = machines_[m];
      (*proba)(i, values(i, static_cast<int>(m)) > 0.0 ? machine.positive : machine.negative) +=
          1.0f;
    }
    proba->row(i) /= static_cast<Scalar>(machines_.size());
  }
}

}  // namespace optiscope

namespace optiscope {

nlohmann::json KernelSvm::SaveState() const {
  nlohmann::json state;
  PutCommon(TaskKind::kClassification, num_classes_, num_features_, &state);
  const char* kinds[] = {"rbf", "poly", "linear"};
  state["kernel"] = {{"kind", kinds[static_cast<int>(kernel_.kind)]},
                     {"gamma", kernel_.gamma},
                     {"degree", kernel_.degree},
                     {"coef0", kernel_.coef0}};
  state["support"] = MatToJson(support_);
  nlohmann::json machines = nlohmann::json::array();
  for (const Machine& m : machines_) {
    machines.push_back({{"positive", m.positive},
                        {"negative", m.negative},
                        {"sv", m.sv},
                        {"coef", m.coef},
                        {"rho", m.rho}});
  }
  state["machines"] = std::move(machines);
  state["converged"] = converged_;
  return state;
}

Status KernelSvm::LoadState(const nlohmann::json& state) {
  TaskKind task;
  OPTISCOPE_RETURN_IF_ERROR(GetCommon(state, &task, &num_classes_, &num_features_));
  const nlohmann::json& k = state.at("kernel");
  const std::string kind = k.at("kind").get<std::string>();
  if (kind == "rbf") {
    kernel_.kind = KernelKind::kRbf;
  } else if (kind == "poly") {
    kernel_.kind = KernelKind::kPoly;
  } else if (kind == "linear") {
    kernel_.kind = KernelKind::kLinear;
  } else {
    return Status::InvalidArgument("saved kernel_svm has unknown kernel '" + kind + "'");
  }
  kernel_.gamma = k.at("gamma").get<double>();
  kernel_.degree = k.at("degree").get<int>();
  kernel_.coef0 = k.at("coef0").get<double>();
  OPTISCOPE_RETURN_IF_ERROR(MatFromJson(state.at("support"), num_features_, &support_));
  support_norms_ = SupportRowNorms(support_);
  const nlohmann::json& machines = state.at("machines");
  if (task != TaskKind::kClassification ||
      static_cast<int>(machines.size()) != num_classes_ * (num_classes_ - 1) / 2) {
    return Status::InvalidArgument("saved kernel_svm has the wrong number of machines");
  }
  machines_.clear();
  for (const nlohmann::json& j : machines) {
    Machine m;
    m.positive = j.at("positive").get<int>();
    m.negative = j.at("negative").get<int>();
    m.sv = j.at("sv").get<std::vector<int>>();
    m.coef = j.at("coef").get<std::vector<double>>();
    m.rho = j.at("rho").get<double>();
    bool ok = m.positive >= 0 && m.negative >= 0 && m.positive < num_classes_ &&
              m.negative < num_classes_ && m.sv.size() == m.coef.size();
    for (int s : m.sv) ok = ok && s >= 0 && s < support_.rows();
    if (!ok) return Status::InvalidArgument("saved kernel_svm has a malformed machine");
    machines_.push_back(std::move(m));
  }
  converged_ = state.at("converged").get<bool>();
  return Status::Ok();
}

}  // namespace optiscope
