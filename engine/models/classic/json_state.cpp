#include "engine/models/classic/json_state.h"

#include <string>
#include <vector>

namespace optiscope {
namespace {

template <class M>
nlohmann::json ToJson(const M& m) {
  std::vector<double> data(m.data(), m.data() + m.size());
  return {{"rows", m.rows()}, {"cols", m.cols()}, {"data", data}};
}

template <class M>
Status FromJson(const nlohmann::json& j, int cols, M* m) {
  const long rows = j.at("rows").get<long>(), c = j.at("cols").get<long>();
  const std::vector<double> data = j.at("data").get<std::vector<double>>();
  if (rows < 0 || c < 0 || static_cast<size_t>(rows * c) != data.size() ||
      (cols >= 0 && c != cols)) {
    return Status::InvalidArgument("saved matrix has an inconsistent shape");
  }
  m->resize(rows, c);
  for (size_t i = 0; i < data.size(); ++i) {
    m->data()[i] = static_cast<typename M::Scalar>(data[i]);
  }
  return Status::Ok();
}

}  // namespace

nlohmann::json MatToJson(const Mat& m) { return ToJson(m); }
nlohmann::json MatToJson(const MatD& m) { return ToJson(m); }
Status MatFromJson(const nlohmann::json& j, int cols, Mat* m) { return FromJson(j, cols, m); }
Status MatFromJson(const nlohmann::json& j, int cols, MatD* m) { return FromJson(j, cols, m); }

nlohmann::json TreeToJson(const Tree& tree) {
  nlohmann::json nodes = nlohmann::json::array();
  std::vector<double> values;
  for (int i = 0; i < tree.NumNodes(); ++i) {
    const Tree::Node& n = tree.node(i);
    nodes.push_back({n.feature, n.threshold, n.left, n.right});
    const float* v = tree.Value(i);
    values.insert(values.end(), v, v + tree.NumOutputs());
  }
  return {{"outputs", tree.NumOutputs()}, {"nodes", nodes}, {"values", values}};
}

Status TreeFromJson(const nlohmann::json& j, int num_features, int outputs, Tree* tree) {
  const int stored_outputs = j.at("outputs").get<int>();
  const nlohmann::json& nodes = j.at("nodes");
  const std::vector<double> values = j.at("values").get<std::vector<double>>();
  const int n = static_cast<int>(nodes.size());
  if (stored_outputs != outputs || n == 0 ||
      values.size() != static_cast<size_t>(n) * static_cast<size_t>(outputs)) {
    return Status::InvalidArgument("saved tree has inconsistent sizes");
  }
  Tree t;
  t.num_outputs_ = outputs;
  t.nodes_.resize(n);
  for (int i = 0; i < n; ++i) {
    Tree::Node& node = t.nodes_[i];
    node.feature = nodes[i].at(0).get<int>();
    node.threshold = nodes[i].at(1).get<float>();
    node.left = nodes[i].at(2).get<int>();
    node.right = nodes[i].at(3).get<int>();
    if (node.feature >= num_features || node.feature < -1 ||
        (node.feature >= 0 &&
         (node.left <= i || node.right <= i || node.left >= n || node.right >= n))) {
      return Status::InvalidArgument("saved tree node " + std::to_string(i) + " is malformed");
    }
  }
  t.values_.assign(values.begin(), values.end());
  *tree = std::move(t);
  return Status::Ok();
}

void PutCommon(TaskKind task, int num_classes, int num_features, nlohmann::json* state) {
  (*state)["task"] = task == TaskKind::kClassification ? "classification" : "regression";
  (*state)["num_classes"] = num_classes;
  (*state)["num_features"] = num_features;
}

Status GetCommon(const nlohmann::json& state, TaskKind* task, int* num_classes, int* num_features) {
  const std::string name = state.at("task").get<std::string>();
  if (name == "classification") {
    *task = TaskKind::kClassification;
  } else if (name == "regression") {
    *task = TaskKind::kRegression;
  } else {
    return Status::InvalidArgument("saved model has unknown task '" + name + "'");
  }
  *num_classes = state.at("num_classes").get<int>();
  *num_features = state.at("num_features").get<int>();
  if (*num_features < 1 || *num_classes < 0 || *num_classes > 100000 ||
      (*task == TaskKind::kClassification && *num_classes < 2)) {
    return Status::InvalidArgument("saved model has invalid class or feature counts");
  }
  return Status::Ok();
}

}  // namespace optiscope
