// Study benchmarks (JSON lines):
//  - pruning: the same random digits-MLP search with no pruner, the median pruner and Hyperband —
//    best validation accuracy and total epochs trained (target: pruning matches the best accuracy
//    with at most half the epochs);
//  - gradient: the "gradient" sampler against a fine grid over (lr, l2) — best validation loss and
//    trainings (target: within 10% of the grid's best loss with fewer trainings).
// Usage: bench_study [pruning|gradient|all] [--trials N] [--grid K]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/search/storage.h"
#include "engine/search/study.h"

namespace {

using namespace optiscope;

struct Outcome {
  double best = 0;
  int trainings = 0;
  int epochs = 0;
  int pruned = 0;
  double seconds = 0;
};

Outcome RunSpec(const std::string& text) {
  auto spec = ParseStudySpec(text, "bench");
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", spec.status().message().c_str());
    std::exit(1);
  }
  auto store = MakeMemoryStudyStore();
  std::shared_ptr<StudyObjective> objective = MakeStudyObjective(*spec).value();
  NullEventSink sink;
  auto study = Study::Open(*spec, *store, objective, sink);
  if (!study.ok()) {
    std::fprintf(stderr, "%s\n", study.status().message().c_str());
    std::exit(1);
  }
  const auto start = std::chrono::steady_clock::now();
  auto summary = (*study)->Run();
  Outcome o;
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const TrialRecord& t : (*study)->Trials()) {
    ++o.trainings;
    o.epochs += static_cast<int>(t.intermediate.size());
    o.pruned += t.state == TrialState::kPruned;
  }
  o.best = summary->best_values.empty() ? 0 : summary->best_values[0];
  return o;
}

void Pruning(int trials) {
  const int epochs = 27;
  Outcome none{};
  for (const char* pruner : {"none", "median", "hyperband"}) {
    std::string pruner_json = std::string("{\"type\": \"") + pruner + "\"";
    if (std::strcmp(pruner, "hyperband") == 0) {
      pruner_json += ", \"min_resource\": 1, \"max_resource\": " + std::to_string(epochs);
    }
    if (std::strcmp(pruner, "median") == 0) pruner_json += ", \"n_warmup_steps\": 3";
    pruner_json += "}";
    const std::string spec = R"({"name": "bench", "sampler": {"type": "random", "seed": 0},
      "pruner": )" + pruner_json + R"(, "n_trials": )" + std::to_string(trials) + R"(,
      "space": {"lr": {"type": "float", "low": 1e-4, "high": 0.3, "log": true},
                "width": {"type": "int", "low": 8, "high": 128, "log": true},
                "opt": {"type": "categorical", "choices": ["sgd", "adam"]}},
      "objective": {"config": {"data": {"source": "digits", "validation_fraction": 0.2},
                               "model": {"hidden": [32]},
                               "training": {"epochs": )" + std::to_string(epochs) + R"(,
                                            "batch_size": 64}},
                    "bind": {"lr": "optimizer.lr", "width": "model.hidden[0]",
                             "opt": "optimizer.type"},
                    "metric": "val_accuracy", "direction": "maximize"}})";
    const Outcome o = RunSpec(spec);
    if (std::strcmp(pruner, "none") == 0) none = o;
    std::printf(
        "{\"bench\": \"study_pruning\", \"pruner\": \"%s\", \"trials\": %d, \"best_val_accuracy\": "
        "%.4f, \"total_epochs\": %d, \"pruned\": %d, \"seconds\": %.2f, \"epochs_vs_none\": %.3f, "
        "\"accuracy_vs_none\": %.4f}\n",
        pruner, o.trainings, o.best, o.epochs, o.pruned, o.seconds,
        static_cast<double>(o.epochs) / none.epochs, o.best - none.best);
    std::fflush(stdout);
  }
}

void Gradient(int grid) {
  const std::string space = R"("space": {
      "lr": {"type": "float", "low": 1e-3, "high": 1.0, "log": true},
      "l2": {"type": "float", "low": 1e-5, "high": 1.0, "log": true}},
    "objective": {"config": {"data": {"source": "digits", "validation_fraction": 0.2},
                             "model": {"type": "logistic"},
                             "optimizer": {"type": "sgd"},
                             "training": {"epochs": 10, "batch_size": 64}},
                  "bind": {"lr": "optimizer.lr", "l2": "regularization.l2"},
                  "metric": "val_loss", "direction": "minimize"})";
  const Outcome g = RunSpec(R"({"name": "grid", "sampler": {"type": "grid", "resolution": )" +
                            std::to_string(grid) + R"(}, "n_trials": 0, "timeout_s": 3600, )" +
                            space + "}");
  const Outcome d = RunSpec(R"({"name": "grad", "sampler": {"type": "gradient"}, "n_trials": 40, )" +
                            space + "}");
  std::printf("{\"bench\": \"study_gradient\", \"grid_best_val_loss\": %.5f, \"grid_trainings\": %d, "
              "\"gradient_best_val_loss\": %.5f, \"gradient_trainings\": %d, "
              "\"loss_ratio\": %.4f, \"grid_seconds\": %.2f, \"gradient_seconds\": %.2f}\n",
              g.best, g.trainings, d.best, d.trainings, d.best / g.best, g.seconds, d.seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string what = argc > 1 ? argv[1] : "all";
  int trials = 30;
  int grid = 8;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--trials") == 0) trials = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--grid") == 0) grid = std::atoi(argv[i + 1]);
  }
  if (what == "pruning" || what == "all") Pruning(trials);
  if (what == "gradient" || what == "all") Gradient(grid);
  return 0;
}
