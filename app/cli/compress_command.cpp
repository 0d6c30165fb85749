// "optiscope-cli compress": quantizes and/or prunes a trained dense model (a model file or the
// in-process demo), prints the figures the GUI shows, writes the compressed model; --sweep
// measures many bit-widths / sparsity levels and prints each point as it is measured.
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stop_token>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/interrupt.h"
#include "app/cli/compress_output.h"
#include "app/cli/train_overrides.h"
#include "engine/compress/compressed_model_file.h"
#include "engine/compress/evaluate_compressed.h"
#include "engine/compress/sweep.h"
#include "engine/config/config_json.h"
#include "engine/train/experiment.h"
#include "engine/train/model_file.h"

namespace optiscope::cli {
namespace {

Status ParseDoubleOption(const std::string& option, const std::string& text, double* out) {
  std::istringstream in(text);
  double v = 0;
  if (!(in >> v) || !in.eof()) {
    return Status::InvalidArgument("option '" + option + "' expects a number, got '" + text + "'");
  }
  *out = v;
  return Status::Ok();
}

Status ParseList(const std::string& option, const std::string& text, bool bits,
                 std::vector<double>* out) {
  out->clear();
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    double v = 0;
    if (bits) {
      auto b = ParseBits(part);
      if (!b.ok()) return Status::InvalidArgument("option '" + option + "': " + b.status().message());
      v = *b;
    } else if (Status s = ParseDoubleOption(option, part, &v); !s.ok()) {
      return s;
    }
    out->push_back(v);
  }
  if (out->empty()) return Status::InvalidArgument("option '" + option + "' expects a list");
  return Status::Ok();
}

// Reads the compression flags into settings; usage errors as InvalidArgument.
Status ReadSettings(const ParsedArgs& args, CompressionSettings* s) {
  if (auto v = args.Get("--bits")) {
    auto b = ParseBits(*v);
    if (!b.ok()) return Status::InvalidArgument("option '--bits': " + b.status().message());
    s->bits = *b;
  }
  if (args.Has("--per-channel") && args.Has("--per-tensor")) {
    return Status::InvalidArgument("--per-channel and --per-tensor exclude each other");
  }
  if (args.Has("--per-tensor")) s->per_channel = false;
  if (args.Has("--affine")) s->symmetric = false;
  if (auto v = args.Get("--calibration")) {
    auto c = ParseCalibration(*v);
    if (!c.ok()) return Status::InvalidArgument("option '--calibration': " + c.status().message());
    s->calibration = *c;
  }
  if (auto v = args.Get("--activation-bits")) {
    double b = 0;
    if (Status st = ParseDoubleOption("--activation-bits", *v, &b); !st.ok()) return st;
    if (b != 0 && b != 4 && b != 8 && b != 32) {
      return Status::InvalidArgument("option '--activation-bits' expects 8, 4 or 32 (float)");
    }
    s->activation_bits = b == 32 ? 0 : static_cast<int>(b);
  }
  if (auto v = args.Get("--sparsity")) {
    if (Status st = ParseDoubleOption("--sparsity", *v, &s->sparsity); !st.ok()) return st;
    if (!(s->sparsity >= 0 && s->sparsity < 1)) {
      return Status::InvalidArgument("option '--sparsity' expects a value in [0, 1)");
    }
  }
  if (auto v = args.Get("--scope")) {
    auto sc = ParsePruneScope(*v);
    if (!sc.ok()) return Status::InvalidArgument("option '--scope': " + sc.status().message());
    s->scope = *sc;
  }
  if (auto v = args.Get("--fine-tune-epochs")) {
    double e = 0;
    if (Status st = ParseDoubleOption("--fine-tune-epochs", *v, &e); !st.ok()) return st;
    s->fine.epochs = static_cast<int>(e);
    s->prune_fine_tune = e > 0;
  }
  s->qat = args.Has("--qat");
  s->lottery_ticket = args.Has("--lottery-ticket");
  s->structured = args.Has("--structured");
  if (auto v = args.Get("--norm")) {
    if (!s->structured) return Status::InvalidArgument("--norm applies to --structured pruning");
    auto norm = ParseNeuronNorm(*v);
    if (!norm.ok()) return Status::InvalidArgument("option '--norm': " + norm.status().message());
    s->norm = *norm;
  }
  if (s->structured && s->lottery_ticket) {
    return Status::InvalidArgument("--lottery-ticket applies to unstructured pruning, not --structured");
  }
  return Status::Ok();
}

// The trained model: loaded from --model, or trained in-process (the demo configuration).
struct Source {
  TrainedModel model;
  DataConfig data;
  std::string description;
  int exit_code = kExitOk;
};

Source LoadSource(const ParsedArgs& args, bool json, std::stop_token stop) {
  Source src;
  ExperimentConfig config = DemoConfig();
  ParsedArgs overrides;  // the data options and the demo's --epochs and --seed
  for (const auto& [name, value] : args.options) {
    if (name == "--epochs" || name == "--seed") overrides.options.emplace_back(name, value);
  }
  for (const OptionSpec& o : DataOptions()) {
    for (const auto& [name, value] : args.options) {
      if (name == o.name) overrides.options.emplace_back(name, value);
    }
  }
  if (Status s = ApplyOverrides(overrides, &config); !s.ok()) {
    src.exit_code = UsageError(s.message(), "compress");
    return src;
  }
  src.data = config.data;
  if (auto path = args.Get("--model")) {
    auto loaded = LoadTrainedModel(*path);
    if (!loaded.ok()) {
      src.exit_code = Fail(kExitBadInput, loaded.status().message());
      return src;
    }
    if (loaded->model.estimator || loaded->model.parameters.empty()) {
      src.exit_code = Fail(kExitBadInput, *path +
                                              ": compression works on dense models (mlp, "
                                              "logistic, linear), not '" +
                                              EnumName(loaded->config.model.type) + "'");
      return src;
    }
    src.model = std::move(loaded->model);
    // The model's own data and split, changed by the data options (--dataset names other data).
    src.data = loaded->config.data;
    if (Status s = ApplyDataOptions(args, &src.data); !s.ok()) {
      src.exit_code = UsageError(s.message(), "compress");
      return src;
    }
    src.description = *path;
    return src;
  }
  if (Status s = ValidateExperimentConfig(config); !s.ok()) {
    src.exit_code = Fail(kExitBadInput, "invalid configuration: " + s.message());
    return src;
  }
  if (!json && !args.Has("--quiet")) {
    std::fprintf(stderr, "training the demo model (%s, %d epochs)...\n",
                 config.data.source.c_str(), config.training.epochs);
  }
  NullEventSink sink;
  auto run = RunExperiment(config, sink, stop);
  if (!run.ok()) {
    src.exit_code = Fail(kExitBadInput, run.status().message());
    return src;
  }
  if (!run->status.ok()) {
    const bool cancelled = run->status.code() == StatusCode::kCancelled;
    src.exit_code = Fail(cancelled ? kExitCancelled : kExitRunFailed,
                         "training " + std::string(RunStatusName(run->status)) + ": " +
                             run->status.message());
    return src;
  }
  src.model = std::move(run->model);
  src.description = config.data.source + " demo model";
  return src;
}

int RunCompress(const ParsedArgs& args) {
  if (!args.positionals.empty()) {
    return UsageError("unexpected argument '" + args.positionals[0] + "'", "compress");
  }
  if (args.Has("--model") && args.Has("--demo")) {
    return UsageError("--model and --demo exclude each other", "compress");
  }
  CompressionSettings settings;
  if (Status s = ReadSettings(args, &settings); !s.ok()) return UsageError(s.message(), "compress");
  const bool json = args.Has("--json");
  const bool sweep = args.Has("--sweep");
  SweepOptions sweep_options;
  if (auto v = args.Get("--sweep-bits")) {
    if (Status s = ParseList("--sweep-bits", *v, true, &sweep_options.bits); !s.ok()) {
      return UsageError(s.message(), "compress");
    }
  }
  if (auto v = args.Get("--sweep-sparsity")) {
    if (Status s = ParseList("--sweep-sparsity", *v, false, &sweep_options.sparsities); !s.ok()) {
      return UsageError(s.message(), "compress");
    }
  }
  if (!sweep && (args.Has("--sweep-bits") || args.Has("--sweep-sparsity"))) {
    return UsageError("--sweep-bits and --sweep-sparsity need --sweep", "compress");
  }
  if (sweep && args.Has("--out")) return UsageError("--out writes one model, not a sweep", "compress");
  if (settings.structured && !sweep && settings.sparsity == 0) {
    return UsageError("--structured needs --sparsity S (the fraction of hidden neurons to remove)",
                      "compress");
  }

  std::stop_source stop;
  InterruptWatcher watcher(stop);
  Source src = LoadSource(args, json, stop.get_token());
  if (src.exit_code != kExitOk) return src.exit_code;
  auto data = PrepareCompressionData(src.data, src.model);
  if (!data.ok()) return Fail(kExitBadInput, data.status().message());
  settings.init_seed = 0;

  if (sweep) {
    sweep_options.base = settings;
    sweep_options.description = src.description;
    SweepPrinter printer(stdout, json);
    auto points = RunSweep(src.model, *data, sweep_options, printer, stop.get_token());
    if (!points.ok()) return Fail(kExitBadInput, points.status().message());
    if (watcher.interrupted()) return Fail(kExitCancelled, "sweep cancelled (interrupted)");
    return kExitOk;
  }
  auto result = CompressTrainedModel(src.model, settings, *data, stop.get_token());
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kCancelled) {
      return Fail(kExitCancelled, "cancelled (interrupted)");
    }
    return Fail(kExitBadInput, result.status().message());
  }
  CompressionSettings float_settings = settings;
  float_settings.bits = 32;
  float_settings.sparsity = 0;
  float_settings.qat = false;
  auto baseline = CompressTrainedModel(src.model, float_settings, *data);
  if (!baseline.ok()) return Fail(kExitBadInput, baseline.status().message());
  if (auto out = args.Get("--out")) {
    result->model.source_config = CompressedSourceConfig(src.data);
    if (Status s = SaveCompressedModel(result->model, *out); !s.ok()) {
      return Fail(kExitBadInput, s.message());
    }
  }
  std::fputs((json ? CompressedJson(result->metrics, baseline->metrics, args.Get("--out")) + "\n"
                   : CompressedText(result->metrics, baseline->metrics, args.Get("--out")))
                 .c_str(),
             stdout);
  std::fflush(stdout);
  return kExitOk;
}

std::vector<OptionSpec> CompressOptions() {
  std::vector<OptionSpec> options = {
      {"--model", "FILE", "the trained model file (train --save-model FILE)"},
      {"--demo", "", "train the demo model in-process (the default without --model)"}};
  for (OptionSpec& o :
       DataOptions("data to fine-tune, calibrate and evaluate on (default: the model's own)")) {
    options.push_back(std::move(o));
  }
  for (OptionSpec& o : std::vector<OptionSpec>{
      {"--epochs", "N", "--demo: training epochs"},
      {"--bits", "B", "weight bits: 32 (float), 8, 4, 2, 1.58 (ternary) or 1 (binary); default 8"},
      {"--per-channel", "", "one scale per output neuron (the default)"},
      {"--per-tensor", "", "one scale per layer"},
      {"--affine", "", "affine weights (scale and zero point) instead of symmetric"},
      {"--calibration", "M", "weight clipping: minmax (default), percentile or mse"},
      {"--activation-bits", "B", "activation bits: 8 (default), 4, or 32 (float activations)"},
      {"--sparsity", "S", "magnitude-prune this fraction of weights, in [0, 1)"},
      {"--scope", "S", "pruning scope: layer (default) or global"},
      {"--structured", "", "structured pruning: --sparsity is the fraction of hidden neurons removed"},
      {"--norm", "l1|l2", "--structured: rank neurons by the L1 or L2 (default) norm of their weights"},
      {"--fine-tune-epochs", "N", "epochs of gradual pruning / QAT fine-tuning (default 10; 0 = one-shot)"},
      {"--lottery-ticket", "", "rewind kept weights to their initial values and retrain"},
      {"--qat", "", "quantization-aware fine-tuning before quantizing"},
      {"--out", "FILE", "write the compressed model (.optq)"},
      {"--sweep", "", "measure many settings (--sweep-bits, --sweep-sparsity) instead of one"},
      {"--sweep-bits", "LIST", "bit-widths of the sweep (default 32,8,4,2,1.58,1)"},
      {"--sweep-sparsity", "LIST", "sparsity levels of the sweep (default 0)"},
      {"--json", "", "print JSON lines on stdout"},
      {"--quiet", "", "no progress on stderr"},
      {"--help", "", "this text"},
  }) {
    options.push_back(std::move(o));
  }
  return options;
}

}  // namespace

Command CompressCommand() {
  return {
      .name = "compress",
      .synopsis = "compress [--model FILE | --demo] [--dataset D] [--bits B] [--sparsity S] "
                  "[--qat] [--out FILE] [--sweep] [--json]",
      .summary = "quantize and/or prune a trained model and measure the trade-off",
      .details =
          "Quantizes the weights (int8/int4/int2/ternary/binary, per channel or per tensor) and\n"
          "the activations (static, calibrated on the validation rows), optionally after\n"
          "magnitude pruning with fine-tuning (or, with --structured, removal of whole hidden\n"
          "neurons by weight norm), then reports test accuracy (or RMSE), size and\n"
          "batch latency against the float32 model. With --sweep, every combination of\n"
          "--sweep-bits and --sweep-sparsity is measured and printed as it completes; with\n"
          "--json the last line is {\"event\":\"sweep_finished\",\"points\":[...]}.\n"
          "See docs/compression.md.\n\n"
          "Exit status: 0 ok, 1 bad model, data or file, 2 usage error, 130 interrupted.\n",
      .options = CompressOptions(),
      .run = RunCompress};
}

}  // namespace optiscope::cli
