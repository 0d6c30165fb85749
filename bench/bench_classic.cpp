// Benchmark of the classic models against scikit-learn (bench/classic.sh runs both): fit time and
// test accuracy of random forest (100 trees, 1 and 2 threads) and gradient boosting (100 stages)
// on digits, kernel SVM (rbf) on breast_cancer and digits. Same split and scaling as the peer:
// the stratified rows of tests/fixtures/sklearn_parity/parity.json, standardized with training
// statistics. Prints one JSON line per task (median and minimum fit time over repeats).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/data/builtin_datasets.h"
#include "engine/data/preprocessing.h"
#include "engine/models/classic/estimator.h"

namespace {

using namespace optiscope;

struct Split {
  Mat X_train, X_test;
  Vec y_train, y_test;
  int num_classes = 0;
};

Result<Split> LoadSplit(const std::string& name, const nlohmann::json& rows) {
  Result<Dataset> data = LoadBuiltinDataset(name);
  if (!data.ok()) return data.status();
  const std::vector<int> train = rows["train"], test = rows["test"];
  const Dataset tr = data->Subset(train), te = data->Subset(test);
  Split s{tr.X, te.X, tr.y, te.y, data->NumClasses()};
  Preprocessor pre(Imputation::kMean, Scaling::kStandardize);
  pre.Fit(s.X_train);
  pre.Transform(&s.X_train);
  pre.Transform(&s.X_test);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = argc > 1 ? argv[1] : ".";
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::string(argv[i]) == "--quick";
  std::ifstream in(root + "/tests/fixtures/sklearn_parity/parity.json");
  if (!in) {
    std::cerr << "cannot open " << root << "/tests/fixtures/sklearn_parity/parity.json\n";
    return 1;
  }
  const nlohmann::json fixture = nlohmann::json::parse(in);
  struct Task {
    std::string name, dataset, model;
    ParamMap params;
    int threads, repeats;
  };
  const std::vector<Task> tasks = {
      {"random_forest_digits", "digits", "random_forest", {{"n_threads", 1.0}}, 1, 5},
      {"random_forest_digits", "digits", "random_forest", {{"n_threads", 2.0}}, 2, 5},
      {"gradient_boosting_digits", "digits", "gradient_boosting", {}, 1, 3},
      {"kernel_svm_breast_cancer", "breast_cancer", "kernel_svm", {}, 1, 50},
      {"kernel_svm_digits", "digits", "kernel_svm", {}, 1, 20},
  };
  std::map<std::string, Split> splits;
  for (const Task& task : tasks) {
    if (splits.count(task.dataset) == 0) {
      Result<Split> split = LoadSplit(task.dataset, fixture["datasets"][task.dataset]);
      if (!split.ok()) {
        std::cerr << split.status().ToString() << "\n";
        return 1;
      }
      splits.emplace(task.dataset, std::move(*split));
    }
    const Split& s = splits.at(task.dataset);
    const int repeats = quick ? 1 : task.repeats;
    std::vector<double> times;
    Vec pred;
    for (int r = 0; r < repeats; ++r) {
      Result<std::unique_ptr<Estimator>> model = MakeEstimator(task.model, task.params);
      if (!model.ok()) {
        std::cerr << model.status().ToString() << "\n";
        return 1;
      }
      const auto start = std::chrono::steady_clock::now();
      const Status st =
          (*model)->Fit(s.X_train, s.y_train, TaskKind::kClassification, s.num_classes);
      times.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (!st.ok()) {
        std::cerr << st.ToString() << "\n";
        return 1;
      }
      (*model)->Predict(s.X_test, &pred);
    }
    const double accuracy = (pred.array() == s.y_test.array()).cast<double>().mean();
    std::sort(times.begin(), times.end());
    const double median = times.size() % 2 == 1
                              ? times[times.size() / 2]
                              : 0.5 * (times[times.size() / 2 - 1] + times[times.size() / 2]);
    nlohmann::json line = {{"bench", "classic"},         {"impl", "optiscope"}, {"task", task.name},
                           {"threads", task.threads},    {"repeats", repeats},  {"fit_s", median},
                           {"fit_s_min", times.front()}, {"test_acc", accuracy}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  return 0;
}
