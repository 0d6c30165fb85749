// Benchmark: the peer task of ../shared/bench/peers/digits_mlp_torch.py through our own Trainer —
// digits, 80/20 split, standardized with train statistics, MLP 64-128-64-10 ReLU, softmax
// cross-entropy, Adam lr 1e-3, batch 32, 50 epochs, single thread. Prints one JSON line.
//
// Usage: bench_digits_mlp [--perm FILE] [--epochs N] [--repeat R]
//   --perm FILE  whitespace-separated row permutation (digits_mlp.sh writes numpy's
//                RandomState(0).permutation, i.e. the peers' exact split); without it the rows
//                are shuffled by our own Rng(0), which is a different (equally random) split.
//   --repeat R   train R times from the same initial weights; epoch_ms is the median.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/preprocessing.h"
#include "engine/losses/cross_entropy_loss.h"
#include "engine/models/model_factory.h"
#include "engine/optim/update_rule.h"
#include "engine/train/metrics.h"
#include "engine/train/trainer.h"
#include "bench/digits_bench_setup.h"

using namespace optiscope;

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "bench_digits_mlp: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  bench::DigitsBenchArgs args;
  args.repeat = 3;
  if (const std::string bad = bench::ParseDigitsBenchArgs(argc, argv, &args); !bad.empty()) {
    return Fail(bad);
  }
  const std::string& perm_path = args.perm_path;
  const int epochs = args.epochs, repeat = args.repeat;
  std::string error;
  bench::DigitsSplit split = bench::LoadDigitsSplit(perm_path, &error);
  if (!error.empty()) return Fail(error);
  Dataset& train = split.train;
  Dataset& test = split.test;

  const ExperimentConfig config = DemoConfig();  // mlp {128, 64} relu, adam 1e-3, batch 32
  auto model = MakeModel(config.model, train.NumFeatures(), 10, TaskKind::kClassification);
  if (!model.ok()) return Fail(model.status().ToString());
  auto rule = MakeUpdateRule(config.optimizer);
  if (!rule.ok()) return Fail(rule.status().ToString());
  CrossEntropyLoss<Scalar> loss;
  TrainerOptions options;
  options.epochs = epochs;
  options.batch_size = config.training.batch_size;
  options.learning_rate = config.optimizer.lr;
  const Mat no_val(0, train.NumFeatures());
  const Vec no_val_y(0);

  std::vector<double> seconds;
  std::vector<Scalar> params((*model)->NumParameters());
  for (int r = 0; r < repeat; ++r) {
    Rng init = Rng(0).Fork(0);
    (*model)->Initialize(params, init);
    NullEventSink sink;
    Trainer trainer(**model, loss, **rule, options);
    const TrainOutcome out = trainer.Train(train.X, train.y, no_val, no_val_y, params, sink);
    if (!out.status.ok()) return Fail("training " + out.status.ToString());
    seconds.push_back(out.seconds);
  }
  const SplitMetrics m =
      EvaluateModel(**model, params, loss, test.X, test.y, TaskKind::kClassification);
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[sorted.size() / 2];
  std::printf(
      "{\"bench\":\"digits_mlp\",\"epoch_ms\":%.4f,\"train_s\":%.5f,\"best_epoch_ms\":%.4f,"
      "\"test_acc\":%.4f,\"epochs\":%d,\"repeat\":%d,\"split\":\"%s\"}\n",
      1e3 * median / epochs, median, 1e3 * sorted.front() / epochs, m.accuracy, epochs, repeat,
      perm_path.empty() ? "own_rng0" : "numpy_randomstate0");
  return 0;
}
