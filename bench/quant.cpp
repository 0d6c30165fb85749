// Benchmark: compression of the digits MLP of bench_digits_mlp (the peer task of
// ../shared/bench/peers/digits_quant_torch.py: 80/20 split, standardized, 64-128-64-10 ReLU, Adam
// 1e-3, batch 32, 50 epochs). Prints one JSON line per variant (float32, int8/int4/ternary/binary
// with int8 activations, post-training and with QAT (10 fine-tuning epochs, straight-through
// estimator), 70% sparse, 70% sparse + int8) with test accuracy, size, and the median
// latency of a batch of 1,024 training rows (single thread), then a summary line.
//
// Usage: quant [--perm FILE] [--epochs N] [--repeat R]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "engine/compress/compress_evaluate.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/preprocessing.h"
#include "engine/losses/cross_entropy_loss.h"
#include "engine/models/model_factory.h"
#include "engine/optim/update_rule.h"
#include "engine/train/trainer.h"
#include "bench/digits_bench_setup.h"

using namespace optiscope;

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "quant: %s\n", message.c_str());
  return 1;
}

double MedianLatency(const CompressedModel& m, const Mat& batch, int repeat) {
  std::vector<double> ms;
  m.Forward(batch);
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const Mat out = m.Forward(batch);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                     .count());
    if (out.rows() != batch.rows()) std::abort();
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  bench::DigitsBenchArgs args;
  args.repeat = 200;
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

  const ExperimentConfig config = DemoConfig();
  auto model = MakeModel(config.model, 64, 10, TaskKind::kClassification);
  auto rule = MakeUpdateRule(config.optimizer);
  if (!model.ok() || !rule.ok()) return Fail("cannot build the model");
  CrossEntropyLoss<Scalar> loss;
  TrainerOptions options;
  options.epochs = epochs;
  options.batch_size = 32;
  options.learning_rate = 1e-3;
  TrainedModel trained;
  trained.model = config.model;
  trained.num_inputs = 64;
  trained.num_outputs = 10;
  trained.parameters.resize((*model)->NumParameters());
  Rng init = Rng(0).Fork(0);
  (*model)->Initialize(trained.parameters, init);
  NullEventSink sink;
  Trainer trainer(**model, loss, **rule, options);
  const Mat no_val(0, 64);
  const TrainOutcome out =
      trainer.Train(train.X, train.y, no_val, Vec(0), trained.parameters, sink);
  if (!out.status.ok()) return Fail("training " + out.status.ToString());

  CompressionData cd;
  cd.X_train = train.X;
  cd.y_train = train.y;
  cd.X_val = Mat(0, 64);
  cd.y_val = Vec(0);
  cd.X_test = test.X;
  cd.y_test = test.y;
  const Mat batch = train.X.topRows(std::min<Eigen::Index>(1024, train.X.rows()));

  struct Variant {
    const char* name;
    double bits;
    bool per_channel;
    double sparsity;
    bool qat;
  };
  const Variant variants[] = {
      {"float32", 32, true, 0, false},          {"int8", 8, true, 0, false},
      {"int8_per_tensor", 8, false, 0, false},  {"int4", 4, true, 0, false},
      {"int4_qat", 4, true, 0, true},           {"ternary", 1.58, true, 0, false},
      {"binary", 1, true, 0, false},            {"ternary_qat", 1.58, true, 0, true},
      {"binary_qat", 1, true, 0, true},         {"sparse70", 32, true, 0.7, false},
      {"sparse70_int8", 8, true, 0.7, false},   {"sparse70_int8_per_tensor", 8, false, 0.7, false},
  };
  double float_ms = 0, float_acc = 0, int8_ms = 0;
  long long float_bytes = 0;
  TrainedModel pruned;
  bool have_pruned = false;
  for (const Variant& v : variants) {
    CompressionSettings s;
    s.bits = v.bits;
    s.per_channel = v.per_channel;
    s.qat = v.qat;
    s.latency_repeats = 0;
    const TrainedModel* source = &trained;
    if (v.sparsity > 0) {
      if (!have_pruned) {
        CompressionSettings p = s;
        p.bits = 32;
        p.sparsity = v.sparsity;
        auto r = CompressTrainedModel(trained, p, cd);
        if (!r.ok()) return Fail(r.status().ToString());
        pruned = r->tuned;
        have_pruned = true;
      }
      source = &pruned;
    }
    auto r = CompressTrainedModel(*source, s, cd);
    if (!r.ok()) return Fail(r.status().ToString());
    const double ms = MedianLatency(r->model, batch, repeat);
    const CompressionMetrics& m = r->metrics;
    if (v.bits == 32 && v.sparsity == 0) {
      float_ms = ms;
      float_acc = m.accuracy;
      float_bytes = m.bytes;
    }
    if (std::string(v.name) == "int8") int8_ms = ms;
    std::printf(
        "{\"bench\":\"quant\",\"variant\":\"%s\",\"label\":\"%s\",\"test_acc\":%.4f,"
        "\"acc_drop_points\":%.2f,\"bytes\":%lld,\"ratio\":%.3f,\"sparsity\":%.4f,"
        "\"infer_ms_1024\":%.4f,\"speedup_vs_float\":%.3f}\n",
        v.name, (m.label + (v.sparsity > 0 ? ", 70% sparse" : "")).c_str(), m.accuracy, 100 * (float_acc - m.accuracy), m.bytes,
        static_cast<double>(float_bytes) / m.bytes, m.sparsity, ms, float_ms / ms);
    std::fflush(stdout);
  }
  std::printf(
      "{\"bench\":\"quant_summary\",\"float_infer_ms_1024\":%.4f,\"int8_infer_ms_1024\":%.4f,"
      "\"kernel\":\"%s\",\"epochs\":%d,\"split\":\"%s\"}\n",
      float_ms, int8_ms, KernelPathName(BestKernelPath()), epochs,
      perm_path.empty() ? "own_rng0" : "numpy_randomstate0");
  return 0;
}
