#include "app/cli/train_overrides.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string>

#include "app/cli/param_overrides.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/synthetic.h"

namespace optiscope::cli {
namespace {

Status BadValue(const std::string& option, const char* expected, const std::string& value) {
  return Status::InvalidArgument("option '" + option + "' expects " + expected + ", got '" + value +
                                 "'");
}

template <class T>
Status ParseNumber(const std::string& option, const std::string& value, const char* expected,
                   T* out) {
  T parsed{};
  const char* end = value.data() + value.size();
  const auto result = std::from_chars(value.data(), end, parsed);
  if (value.empty() || result.ec != std::errc() || result.ptr != end) {
    return BadValue(option, expected, value);
  }
  *out = parsed;
  return Status::Ok();
}

// Applies `option` if given: parses its (last) value into *out.
template <class T>
Status Number(const ParsedArgs& args, const std::string& option, const char* expected, T* out) {
  const auto value = args.Get(option);
  return value ? ParseNumber(option, *value, expected, out) : Status::Ok();
}

// Applies `option` if given: one of the names of E's table (engine/config/config_enums.h), else
// InvalidArgument "option '--task': \"x\" is not one of auto, classification, regression".
template <class E>
Status Choice(const ParsedArgs& args, const std::string& option, E* out) {
  const auto value = args.Get(option);
  if (!value) return Status::Ok();
  Result<E> parsed = ParseEnum<E>(*value, "option '" + option + "'");
  if (!parsed.ok()) return parsed.status();
  *out = *parsed;
  return Status::Ok();
}

void Text(const ParsedArgs& args, const std::string& option, std::string* out) {
  if (const auto value = args.Get(option)) *out = *value;
}

// "128,64" -> {128, 64}; "" or "none" -> {} (no hidden layer).
Status HiddenLayers(const std::string& value, std::vector<int>* out) {
  std::vector<int> widths;
  if (value != "none" && !value.empty()) {
    size_t start = 0;
    while (true) {
      const size_t comma = value.find(',', start);
      const std::string part = value.substr(start, comma - start);
      int width = 0;
      if (!ParseNumber("--hidden", part, "a comma-separated list of widths such as 128,64", &width)
               .ok()) {
        return BadValue("--hidden", "a comma-separated list of widths such as 128,64", value);
      }
      widths.push_back(width);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  *out = std::move(widths);
  return Status::Ok();
}

void SetDataSource(const std::string& value, DataConfig* data) {
  if (IsBuiltinDataset(value) || value == "synthetic") {
    data->source = value;
  } else if (const auto kind = EnumFromName<SyntheticKind>(value)) {
    data->source = "synthetic";
    data->synthetic.kind = *kind;
  } else {
    data->source = value;  // a CSV path; LoadDataset reports a missing file
  }
}

}  // namespace

std::vector<OptionSpec> DataOptions(const char* dataset_help) {
  return {
      {"--dataset", "NAME|PATH", dataset_help},
      {"--target", "COL", "target column (default: the last column)"},
      {"--drop-columns", "C1,C2,..", "columns left out of the features (ids, copies of the target)"},
      {"--task", "TASK", "auto | classification | regression"},
      {"--scaling", "NAME", "none | standardize | minmax"},
      {"--missing", "NAME", "mean | median | most_frequent | drop"},
      {"--samples", "N", "synthetic data: number of rows"},
      {"--noise", "X", "synthetic data: noise standard deviation"},
      {"--split-seed", "N", "seed of the train/validation/test split"},
  };
}

Status ApplyDataOptions(const ParsedArgs& args, DataConfig* data) {
  if (const auto dataset = args.Get("--dataset")) {
    SetDataSource(*dataset, data);
    data->target.clear();  // the old data's column names mean nothing in the new data
    data->drop_columns.clear();
  }
  Text(args, "--target", &data->target);
  Text(args, "--drop-columns", &data->drop_columns);
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--task", &data->task));
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--scaling", &data->scaling));
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--missing", &data->missing));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--samples", "an integer", &data->synthetic.n));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--noise", "a number", &data->synthetic.noise));
  return Number(args, "--split-seed", "a non-negative integer", &data->split_seed);
}

std::vector<OptionSpec> OverrideOptions() {
  std::vector<OptionSpec> options = {
      {"--name", "NAME", "label of the run (default with --dataset: DATASET-MODEL)"}};
  for (OptionSpec& o : DataOptions()) options.push_back(std::move(o));
  for (OptionSpec& o : ModelTrainingOptions()) options.push_back(std::move(o));
  return options;
}

std::vector<OptionSpec> ModelTrainingOptions() {
  return {
      {"--model", "TYPE",
       "linear | logistic | mlp | linear_svm | kernel_svm | tree | random_forest | "
       "gradient_boosting | knn (see 'models')"},
      {"--param", "NAME=VALUE",
       "a hyperparameter of the model, repeatable (e.g. n_estimators=200; see 'models')"},
      {"--hidden", "W1,W2,..", "mlp hidden layer widths, e.g. 128,64 (none: no hidden layer)"},
      {"--activation", "NAME", "relu | tanh | sigmoid | leaky_relu | gelu"},
      {"--dropout", "X", "mlp dropout rate in [0, 1)"},
      {"--loss", "NAME",
       "auto | mse | mae | huber | log_cosh | bce | cross_entropy | hinge | focal | custom "
       "(docs/losses.md)"},
      {"--loss-expr", "EXPR", "custom loss formula of p and y, e.g. 'abs(p - y)^1.5' (implies "
                              "--loss custom)"},
      {"--l2", "X", "L2 penalty on the weights"},
      {"--set", "PATH=VALUE",
       "any configuration field by path, e.g. regularization.early_stopping_patience=5 "
       "(repeatable; docs/config.md)"},
      {"--optimizer", "NAME", "update rule, e.g. sgd, momentum, adam, adamw (all: docs/config.md)"},
      {"--lr", "X", "learning rate"},
      {"--momentum", "X", "momentum (sgd family, rmsprop)"},
      {"--weight-decay", "X", "weight decay (adamw: decoupled)"},
      {"--schedule", "NAME",
       "constant | step | exponential | cosine | warmup | one_cycle | "
       "plateau"},
      {"--batch", "N", "mini-batch size (0: full batch)"},
      {"--epochs", "N", "number of epochs"},
      {"--seed", "N", "seed of the initial weights and batch order"},
  };
}

Status ApplyOverrides(const ParsedArgs& args, ExperimentConfig* c) {
  OPTISCOPE_RETURN_IF_ERROR(ApplyDataOptions(args, &c->data));

  const ModelType model_before = c->model.type;
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--model", &c->model.type));
  if (c->model.type != model_before) {
    c->model.params.clear();  // another family's parameters would not apply
  }
  if (const auto hidden = args.Get("--hidden")) {
    OPTISCOPE_RETURN_IF_ERROR(HiddenLayers(*hidden, &c->model.hidden));
  }
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--activation", &c->model.activation));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--dropout", "a number", &c->model.dropout));
  OPTISCOPE_RETURN_IF_ERROR(ApplyParamOverrides(args, &c->model));
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--loss", &c->loss.type));
  if (const auto expression = args.Get("--loss-expr")) {
    c->loss.expression = *expression;
    if (!args.Get("--loss")) c->loss.type = LossType::kCustom;
  }
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--l2", "a number", &c->regularization.l2));

  OptimizerType optimizer = c->optimizer.type;
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--optimizer", &optimizer));
  if (optimizer != c->optimizer.type) c->optimizer = DefaultOptimizerConfig(optimizer);
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--lr", "a number", &c->optimizer.lr));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--momentum", "a number", &c->optimizer.momentum));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--weight-decay", "a number", &c->optimizer.weight_decay));
  OPTISCOPE_RETURN_IF_ERROR(Choice(args, "--schedule", &c->schedule.type));

  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--batch", "an integer", &c->training.batch_size));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--epochs", "an integer", &c->training.epochs));
  OPTISCOPE_RETURN_IF_ERROR(Number(args, "--seed", "a non-negative integer", &c->training.seed));

  OPTISCOPE_RETURN_IF_ERROR(ApplySetOverrides(args, c));

  if (const auto name = args.Get("--name")) {
    c->name = *name;
  } else if (const auto dataset = args.Get("--dataset")) {
    // The old name (e.g. the demo's "digits-mlp-demo") would mislabel the run.
    const std::string data = c->data.source == "synthetic"
                                 ? EnumName(c->data.synthetic.kind)
                                 : std::filesystem::path(c->data.source).stem().string();
    c->name = data + "-" + EnumName(c->model.type);
  }
  return Status::Ok();
}

}  // namespace optiscope::cli
