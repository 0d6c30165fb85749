#include "engine/search/study_spec.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/config/config_json.h"
#include "engine/core/closest_name.h"
#include "engine/core/file_io.h"
#include "engine/core/json_depth.h"
#include "engine/core/str_cat.h"
#include "engine/search/grid_sampler.h"
#include "engine/search/json_locate.h"
#include "engine/search/objective_command.h"
#include "engine/search/objective_function.h"
#include "engine/search/pruner.h"
#include "engine/search/study_sampler.h"
#include "engine/search/test_functions.h"

namespace optiscope {
namespace {

using OrderedJson = nlohmann::ordered_json;
using Path = std::vector<JsonPathStep>;

Path Append(Path path, JsonPathStep step) {
  path.push_back(std::move(step));
  return path;
}

std::string Describe(const OrderedJson& j) {
  std::string text = j.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return std::string(j.type_name()) + " " + text;
}

class SpecParser {
 public:
  SpecParser(const std::string& text, std::string source, std::string base_dir)
      : text_(text), source_(std::move(source)), base_dir_(std::move(base_dir)) {}

  Status Error(const Path& path, const std::string& message) const {
    const std::string where = path.empty() ? "" : JsonPathText(path) + ": ";
    return Status::ParseError(source_ + ":" + LocateJsonPath(text_, path) + ": " + where + message);
  }

  Status CheckKeys(const OrderedJson& j, const Path& path, const std::vector<std::string>& known) const {
    if (!j.is_object()) return Error(path, "expected an object, got " + Describe(j));
    for (const auto& [key, value] : j.items()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string message = "unknown field '" + key + "'";
      const std::string hint = ClosestName(key, known);
      if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
      return Error(Append(path, key), message);
    }
    return Status::Ok();
  }

  Status Number(const OrderedJson& j, const Path& path, double* out) const {
    if (!j.is_number()) return Error(path, "expected a number, got " + Describe(j));
    *out = j.get<double>();
    return Status::Ok();
  }
  // A duration in seconds, 0 = none: finite and at most kMaxTimeoutSeconds, so that adding it
  // to a clock cannot overflow into the past.
  Status Timeout(const OrderedJson& j, const Path& path, double* out) const {
    OPTISCOPE_RETURN_IF_ERROR(Number(j, path, out));
    if (!(*out >= 0 && *out <= kMaxTimeoutSeconds)) {
      const long long most = static_cast<long long>(kMaxTimeoutSeconds);
      return Error(path, "must be in 0.." + std::to_string(most) + " seconds (0: none), got " +
                             Describe(j));
    }
    return Status::Ok();
  }
  Status Integer(const OrderedJson& j, const Path& path, int* out) const {
    if (!j.is_number() || j.get<double>() != std::floor(j.get<double>()) ||
        std::abs(j.get<double>()) > 2e9) {
      return Error(path, "expected an integer, got " + Describe(j));
    }
    *out = static_cast<int>(j.get<double>());
    return Status::Ok();
  }
  Status String(const OrderedJson& j, const Path& path, std::string* out) const {
    if (!j.is_string()) return Error(path, "expected a string, got " + Describe(j));
    *out = j.get<std::string>();
    return Status::Ok();
  }

  // {"type": name, ...options} or "name".
  Status Strategy(const OrderedJson& j, const Path& path, std::string* name, std::string* options,
                  uint64_t* seed) const {
    if (j.is_string()) {
      *name = j.get<std::string>();
      *options = "{}";
      return Status::Ok();
    }
    if (!j.is_object()) return Error(path, "expected an object, got " + Describe(j));
    OrderedJson rest = j;
    if (const auto it = j.find("type"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(String(*it, Append(path, "type"), name));
    }
    if (const auto it = j.find("seed"); it != j.end()) {
      if (seed == nullptr || !it->is_number_unsigned()) {
        return Error(Append(path, "seed"), seed == nullptr ? "unknown field 'seed'"
                                                           : "expected a non-negative integer");
      }
      *seed = it->get<uint64_t>();
    }
    rest.erase("type");
    rest.erase("seed");
    *options = rest.dump();
    return Status::Ok();
  }

  Status Param(const std::string& name, const OrderedJson& j, const Path& path, SearchSpace* space) const {
    OPTISCOPE_RETURN_IF_ERROR(
        CheckKeys(j, path, {"type", "low", "high", "log", "step", "choices", "condition"}));
    ParamSpec spec;
    spec.name = name;
    std::string type = "float";
    if (const auto it = j.find("type"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(String(*it, Append(path, "type"), &type));
    }
    if (type == "float") {
      spec.kind = ParamKind::kFloat;
    } else if (type == "int") {
      spec.kind = ParamKind::kInt;
    } else if (type == "categorical") {
      spec.kind = ParamKind::kCategorical;
    } else {
      return Error(Append(path, "type"),
                   "unknown type '" + type + "' (expected float, int or categorical)");
    }
    if (spec.kind == ParamKind::kCategorical) {
      const auto it = j.find("choices");
      if (it == j.end() || !it->is_array() || it->empty()) {
        return Error(it == j.end() ? path : Append(path, "choices"),
                     "a categorical parameter needs \"choices\": a non-empty array");
      }
      for (size_t i = 0; i < it->size(); ++i) {
        const OrderedJson& c = (*it)[i];
        if (c.is_string()) {
          spec.choices.push_back(c.get<std::string>());
        } else if (c.is_number() || c.is_boolean()) {
          spec.choices.push_back(c.is_number() ? ShortestText(c.get<double>()) : c.dump());
        } else {
          return Error(Append(Append(path, "choices"), static_cast<int>(i)),
                       "expected a string, number or boolean, got " + Describe(c));
        }
      }
      for (const char* key : {"low", "high", "log", "step"}) {
        if (j.contains(key)) return Error(Append(path, key), "not used by a categorical parameter");
      }
    } else {
      for (const char* key : {"low", "high"}) {
        const auto it = j.find(key);
        if (it == j.end()) return Error(path, std::string("missing \"") + key + "\"");
        OPTISCOPE_RETURN_IF_ERROR(
            Number(*it, Append(path, key), std::string(key) == "low" ? &spec.low : &spec.high));
      }
      if (const auto it = j.find("log"); it != j.end()) {
        if (!it->is_boolean()) return Error(Append(path, "log"), "expected true or false");
        spec.log = it->get<bool>();
      }
      if (const auto it = j.find("step"); it != j.end()) {
        OPTISCOPE_RETURN_IF_ERROR(Number(*it, Append(path, "step"), &spec.step));
      }
      if (j.contains("choices")) return Error(Append(path, "choices"), "only for categorical");
    }
    if (const auto it = j.find("condition"); it != j.end()) {
      const Path cpath = Append(path, "condition");
      if (!it->is_object() || it->size() != 1) {
        return Error(cpath, "expected {\"parent\": value} or {\"parent\": [values]}");
      }
      ParamCondition condition;
      condition.parent = it->begin().key();
      const OrderedJson& v = it->begin().value();
      const OrderedJson values = v.is_array() ? v : OrderedJson::array({v});
      for (const OrderedJson& value : values) {
        if (value.is_string()) {
          condition.values.push_back(value.get<std::string>());
        } else if (value.is_number() || value.is_boolean()) {
          condition.values.push_back(value.is_number() ? ShortestText(value.get<double>())
                                                       : value.dump());
        } else {
          return Error(Append(cpath, condition.parent), "expected a value, got " + Describe(value));
        }
      }
      spec.condition = std::move(condition);
    }
    if (Status s = space->Add(std::move(spec)); !s.ok()) return Error(path, s.message());
    return Status::Ok();
  }

  // "metric": NAME and/or "metrics": [NAME, ...] of object `j` (at `path`), each one of `known`
  // (`what` names them in errors, e.g. "metric" or "compress metric"). *given says whether
  // either key is present; then *out holds the names in order, else it is left unchanged.
  Status Metrics(const OrderedJson& j, const Path& path, const std::vector<std::string>& known,
                 const std::string& what, std::vector<std::string>* out, bool* given) const {
    const auto metric = j.find("metric");
    const auto metrics = j.find("metrics");
    std::vector<std::pair<OrderedJson, Path>> items;
    if (metric != j.end()) items.push_back({*metric, Append(path, "metric")});
    if (metrics != j.end()) {
      if (!metrics->is_array()) return Error(Append(path, "metrics"), "expected an array");
      for (size_t i = 0; i < metrics->size(); ++i) {
        items.push_back({(*metrics)[i], Append(Append(path, "metrics"), static_cast<int>(i))});
      }
    }
    *given = metric != j.end() || metrics != j.end();
    if (!*given) return Status::Ok();
    if (items.empty()) return Error(Append(path, "metrics"), "expected a non-empty array");
    std::vector<std::string> names;
    for (const auto& [value, p] : items) {
      std::string name;
      OPTISCOPE_RETURN_IF_ERROR(String(value, p, &name));
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string message = "unknown " + what + " '" + name + "'";
        const std::string hint = ClosestName(name, known);
        if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
        return Error(p, message);
      }
      names.push_back(name);
    }
    *out = std::move(names);
    return Status::Ok();
  }

  Status Directions(const OrderedJson& j, const Path& path, StudySpec* spec) const {
    const auto one = j.find("direction");
    const auto many = j.find("directions");
    if (one != j.end() && many != j.end()) {
      return Error(Append(path, "directions"), "give \"direction\" or \"directions\", not both");
    }
    std::vector<std::pair<OrderedJson, Path>> items;
    if (one != j.end()) items.push_back({*one, Append(path, "direction")});
    if (many != j.end()) {
      if (!many->is_array() || many->empty()) {
        return Error(Append(path, "directions"), "expected a non-empty array");
      }
      for (size_t i = 0; i < many->size(); ++i) {
        items.push_back({(*many)[i], Append(Append(path, "directions"), static_cast<int>(i))});
      }
    }
    if (items.empty()) return Status::Ok();
    spec->directions.clear();
    for (const auto& [value, p] : items) {
      if (value == "minimize") {
        spec->directions.push_back(Direction::kMinimize);
      } else if (value == "maximize") {
        spec->directions.push_back(Direction::kMaximize);
      } else {
        return Error(p, "expected \"minimize\" or \"maximize\", got " + Describe(value));
      }
    }
    return Status::Ok();
  }

  Status Objective(const OrderedJson& j, const Path& path, bool space_given, StudySpec* spec) const {
    if (!j.is_object()) return Error(path, "expected an object, got " + Describe(j));
    OPTISCOPE_RETURN_IF_ERROR(Directions(j, path, spec));
    if (const auto it = j.find("function"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(
          CheckKeys(j, path, {"function", "dims", "sleep_s", "direction", "directions"}));
      spec->objective_kind = ObjectiveKind::kFunction;
      OPTISCOPE_RETURN_IF_ERROR(String(*it, Append(path, "function"), &spec->function));
      if (const auto d = j.find("dims"); d != j.end()) {
        OPTISCOPE_RETURN_IF_ERROR(Integer(*d, Append(path, "dims"), &spec->function_dims));
      }
      if (const auto w = j.find("sleep_s"); w != j.end()) {
        OPTISCOPE_RETURN_IF_ERROR(Number(*w, Append(path, "sleep_s"), &spec->function_sleep_s));
        if (!(spec->function_sleep_s >= 0.0 && spec->function_sleep_s <= 3600.0)) {
          return Error(Append(path, "sleep_s"), "expected 0 to 3600 seconds");
        }
      }
      auto function = MakeTestFunction(spec->function, spec->function_dims);
      if (!function.ok()) return Error(Append(path, "function"), function.status().message());
      if (!space_given) spec->space = function->space;
      if (spec->directions.size() != 1) return Error(path, "a test function has one value");
      return Status::Ok();
    }
    if (const auto it = j.find("compress"); it != j.end()) {
      return CompressSection(j, *it, path, space_given, spec);
    }
    if (const auto it = j.find("command"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(
          CheckKeys(j, path, {"command", "timeout_s", "cwd", "direction", "directions"}));
      spec->objective_kind = ObjectiveKind::kCommand;
      spec->command_dir = base_dir_.empty() ? std::string()
                                            : std::filesystem::absolute(base_dir_).string();
      if (const auto cwd = j.find("cwd"); cwd != j.end()) {
        OPTISCOPE_RETURN_IF_ERROR(String(*cwd, Append(path, "cwd"), &spec->command_dir));
      } else if (!spec->command_dir.empty()) {
        command_dir_inlined_ = true;
      }
      const Path cpath = Append(path, "command");
      if (!it->is_array() || it->empty()) {
        return Error(cpath, "expected a non-empty array of strings (program and arguments)");
      }
      for (size_t i = 0; i < it->size(); ++i) {
        std::string arg;
        OPTISCOPE_RETURN_IF_ERROR(String((*it)[i], Append(cpath, static_cast<int>(i)), &arg));
        // Every placeholder must name a parameter of the space.
        for (size_t p = arg.find('{'); p != std::string::npos; p = arg.find('{', p + 1)) {
          if (p + 1 < arg.size() && arg[p + 1] == '{') {
            ++p;
            continue;
          }
          const size_t close = arg.find('}', p);
          if (close == std::string::npos) break;
          const std::string name = arg.substr(p + 1, close - p - 1);
          if (spec->space.Find(name) < 0) {
            std::vector<std::string> names;
            for (const ParamSpec& ps : spec->space.params()) names.push_back(ps.name);
            std::string message = "placeholder {" + name + "} names no parameter of the space";
            const std::string hint = ClosestName(name, names);
            if (!hint.empty()) message += " (did you mean {" + hint + "}?)";
            return Error(Append(cpath, static_cast<int>(i)), message);
          }
        }
        spec->command.push_back(std::move(arg));
      }
      if (const auto t = j.find("timeout_s"); t != j.end()) {
        OPTISCOPE_RETURN_IF_ERROR(Timeout(*t, Append(path, "timeout_s"), &spec->trial_timeout_s));
      }
      return Status::Ok();
    }
    OPTISCOPE_RETURN_IF_ERROR(CheckKeys(j, path,
                                        {"config", "config_file", "bind", "metric", "metrics",
                                         "cv_folds", "direction", "directions"}));
    spec->objective_kind = ObjectiveKind::kExperiment;
    ExperimentObjectiveOptions& ex = spec->experiment;
    const auto config = j.find("config");
    const auto file = j.find("config_file");
    if ((config == j.end()) == (file == j.end())) {
      return Error(path,
                   "expected one of \"function\", \"command\", \"config\" (an experiment "
                   "configuration) or \"config_file\"");
    }
    if (config != j.end()) {
      if (!config->is_object()) {
        return Error(Append(path, "config"), "expected an object, got " + Describe(*config));
      }
      auto parsed = ParseExperimentConfig(config->dump(), "objective.config");
      if (!parsed.ok()) return Error(Append(path, "config"), parsed.status().message());
      ex.base = *std::move(parsed);
    } else {
      std::string name;
      OPTISCOPE_RETURN_IF_ERROR(String(*file, Append(path, "config_file"), &name));
      std::filesystem::path p(name);
      if (p.is_relative() && !base_dir_.empty()) p = std::filesystem::path(base_dir_) / p;
      auto loaded = LoadExperimentConfig(p.string());
      if (!loaded.ok()) return Error(Append(path, "config_file"), loaded.status().message());
      ex.base = *std::move(loaded);
      config_inlined_ = true;
    }
    if (const auto b = j.find("bind"); b != j.end()) {
      if (!b->is_object()) return Error(Append(path, "bind"), "expected an object");
      for (const auto& [name, target] : b->items()) {
        const Path bpath = Append(Append(path, "bind"), name);
        if (spec->space.Find(name) < 0) return Error(bpath, "no parameter '" + name + "' in space");
        std::string field;
        OPTISCOPE_RETURN_IF_ERROR(String(target, bpath, &field));
        if (Status s = CheckBindingPath(field); !s.ok()) return Error(bpath, s.message());
        ex.bind[name] = field;
      }
    }
    for (const ParamSpec& p : spec->space.params()) {
      if (ex.bind.count(p.name) != 0) continue;
      if (Status s = CheckBindingPath(p.name); !s.ok()) {
        return Error(Append(Path{"space"}, p.name),
                     "not a configuration field (" + s.message() +
                         "); bind it with \"objective\":{\"bind\":{\"" + p.name +
                         "\":\"section.field\"}}");
      }
    }
    bool metrics_given = false;
    OPTISCOPE_RETURN_IF_ERROR(
        Metrics(j, path, ExperimentMetricNames(), "metric", &ex.metrics, &metrics_given));
    if (const auto k = j.find("cv_folds"); k != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Integer(*k, Append(path, "cv_folds"), &ex.cv_folds));
      if (ex.cv_folds == 1 || ex.cv_folds < 0) {
        return Error(Append(path, "cv_folds"), "expected 0 (holdout) or at least 2 folds");
      }
    }
    if (ex.metrics.size() != spec->directions.size()) {
      return Error(path, std::to_string(ex.metrics.size()) + " metric(s) but " +
                             std::to_string(spec->directions.size()) +
                             " direction(s): give one direction per metric");
    }
    return Status::Ok();
  }

  // "objective": {"compress": {"model": FILE | "config": {...} | "config_file": FILE,
  // "fine_tune_lr", "latency_rows"}, "metrics": [...], "directions": [...]}.
  Status CompressSection(const OrderedJson& j, const OrderedJson& c, const Path& path, bool space_given,
                         StudySpec* spec) const {
    OPTISCOPE_RETURN_IF_ERROR(
        CheckKeys(j, path, {"compress", "metric", "metrics", "direction", "directions"}));
    const Path cpath = Append(path, "compress");
    if (!c.is_object()) return Error(cpath, "expected an object, got " + Describe(c));
    OPTISCOPE_RETURN_IF_ERROR(
        CheckKeys(c, cpath, {"model", "config", "config_file", "fine_tune_lr", "latency_rows"}));
    spec->objective_kind = ObjectiveKind::kCompress;
    CompressObjectiveOptions& o = spec->compress;
    const int sources = static_cast<int>(c.contains("model")) +
                        static_cast<int>(c.contains("config")) +
                        static_cast<int>(c.contains("config_file"));
    if (sources != 1) {
      return Error(cpath, "expected one of \"model\" (a trained model file), \"config\" or "
                          "\"config_file\" (an experiment trained once at the start)");
    }
    auto resolve = [&](const std::string& name) {
      std::filesystem::path p(name);
      if (p.is_relative() && !base_dir_.empty()) p = std::filesystem::path(base_dir_) / p;
      return p.string();
    };
    if (const auto m = c.find("model"); m != c.end()) {
      OPTISCOPE_RETURN_IF_ERROR(String(*m, Append(cpath, "model"), &o.model_path));
      o.model_path = resolve(o.model_path);
    } else if (const auto cfg = c.find("config"); cfg != c.end()) {
      if (!cfg->is_object()) return Error(Append(cpath, "config"), "expected an object");
      auto parsed = ParseExperimentConfig(cfg->dump(), "objective.compress.config");
      if (!parsed.ok()) return Error(Append(cpath, "config"), parsed.status().message());
      o.config = *std::move(parsed);
    } else {
      std::string name;
      OPTISCOPE_RETURN_IF_ERROR(String(c["config_file"], Append(cpath, "config_file"), &name));
      auto loaded = LoadExperimentConfig(resolve(name));
      if (!loaded.ok()) return Error(Append(cpath, "config_file"), loaded.status().message());
      o.config = *std::move(loaded);
    }
    if (const auto lr = c.find("fine_tune_lr"); lr != c.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Number(*lr, Append(cpath, "fine_tune_lr"), &o.fine_tune_lr));
      if (!(o.fine_tune_lr > 0)) return Error(Append(cpath, "fine_tune_lr"), "must be > 0");
    }
    if (const auto rows = c.find("latency_rows"); rows != c.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Integer(*rows, Append(cpath, "latency_rows"), &o.latency_rows));
      if (o.latency_rows < 1) return Error(Append(cpath, "latency_rows"), "must be >= 1");
    }
    bool metrics_given = false;
    OPTISCOPE_RETURN_IF_ERROR(
        Metrics(j, path, CompressMetricNames(), "compress metric", &o.metrics, &metrics_given));
    if (!j.contains("direction") && !j.contains("directions")) {
      spec->directions.clear();
      for (const std::string& m : o.metrics) spec->directions.push_back(DefaultCompressDirection(m));
    }
    if (o.metrics.size() != spec->directions.size()) {
      return Error(path, std::to_string(o.metrics.size()) + " metric(s) but " +
                             std::to_string(spec->directions.size()) +
                             " direction(s): give one direction per metric");
    }
    if (!space_given) spec->space = DefaultCompressSpace();
    const auto& names = CompressParamNames();
    for (const ParamSpec& p : spec->space.params()) {
      if (std::find(names.begin(), names.end(), p.name) == names.end()) {
        std::string message = "not a compression setting (bits, per_channel, symmetric, "
                              "sparsity, activation_bits, fine_tune_epochs, qat, scope, "
                              "calibration)";
        const std::string hint = ClosestName(p.name, names);
        if (!hint.empty()) message += "; did you mean \"" + hint + "\"?";
        return Error(Append(Path{"space"}, p.name), message);
      }
    }
    compress_inlined_ = true;
    return Status::Ok();
  }

  Result<StudySpec> Parse(const OrderedJson& j) const {
    OPTISCOPE_RETURN_IF_ERROR(CheckKeys(j, {},
                                        {"name", "sampler", "pruner", "n_trials", "timeout_s",
                                         "trial_timeout_s", "n_jobs", "retry_failed",
                                         "heartbeat_grace_s", "space", "objective"}));
    StudySpec spec;
    spec.text = text_;
    if (const auto it = j.find("name"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(String(*it, {"name"}, &spec.name));
      if (spec.name.empty()) return Error({"name"}, "must not be empty");
    }
    if (const auto it = j.find("sampler"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(
          Strategy(*it, {"sampler"}, &spec.sampler, &spec.sampler_options_json, &spec.seed));
      auto made = MakeStudySampler(spec.sampler, spec.sampler_options_json);
      if (!made.ok()) return Error({"sampler"}, made.status().message());
    }
    if (const auto it = j.find("pruner"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(
          Strategy(*it, {"pruner"}, &spec.pruner, &spec.pruner_options_json, nullptr));
      auto made = MakePruner(spec.pruner, nlohmann::json::parse(spec.pruner_options_json));
      if (!made.ok()) return Error({"pruner"}, made.status().message());
    }
    if (const auto it = j.find("n_trials"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Integer(*it, {"n_trials"}, &spec.n_trials));
      if (spec.n_trials < 0) return Error({"n_trials"}, "must be >= 0 (0: no limit)");
    }
    if (const auto it = j.find("timeout_s"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Timeout(*it, {"timeout_s"}, &spec.timeout_s));
    }
    if (const auto it = j.find("trial_timeout_s"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Timeout(*it, {"trial_timeout_s"}, &spec.trial_timeout_s));
    }
    if (const auto it = j.find("n_jobs"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Integer(*it, {"n_jobs"}, &spec.n_jobs));
      if (spec.n_jobs < 1 || spec.n_jobs > 256) return Error({"n_jobs"}, "must be in 1..256");
    }
    if (const auto it = j.find("retry_failed"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Integer(*it, {"retry_failed"}, &spec.retry_failed));
      if (spec.retry_failed < 0 || spec.retry_failed > 100) {
        return Error({"retry_failed"}, "must be in 0..100");
      }
    }
    if (const auto it = j.find("heartbeat_grace_s"); it != j.end()) {
      OPTISCOPE_RETURN_IF_ERROR(Number(*it, {"heartbeat_grace_s"}, &spec.heartbeat_grace_s));
      if (!(spec.heartbeat_grace_s >= 1.0)) {
        return Error({"heartbeat_grace_s"}, "must be >= 1 (seconds)");
      }
    }
    const auto space = j.find("space");
    if (space != j.end()) {
      if (!space->is_object()) return Error({"space"}, "expected an object, got " + Describe(*space));
      for (const auto& [name, param] : space->items()) {
        OPTISCOPE_RETURN_IF_ERROR(Param(name, param, {"space", name}, &spec.space));
      }
    }
    const auto objective = j.find("objective");
    if (objective == j.end()) return Error({}, "missing \"objective\"");
    OPTISCOPE_RETURN_IF_ERROR(Objective(*objective, {"objective"}, space != j.end(), &spec));
    if (spec.space.empty()) return Error({"space"}, "the search space is empty");
    if (spec.sampler == "grid") {  // a grid is built whole: bound it before the first trial
      auto made = MakeStudySampler(spec.sampler, spec.sampler_options_json);
      const auto* grid = made.ok() ? dynamic_cast<const GridSampler*>(made->get()) : nullptr;
      if (grid != nullptr) {
        if (Status s = grid->CheckSize(spec.space); !s.ok()) return Error({"sampler"}, s.message());
      }
    }
    if (spec.n_trials == 0 && spec.timeout_s == 0) {
      return Error({"n_trials"}, "give n_trials or timeout_s (the study would never end)");
    }
    return spec;
  }

 private:
  const std::string& text_;
  std::string source_;
  std::string base_dir_;

 public:
  // Set when the configuration came from a file: the stored spec text then holds it inline, so the
  // study can be exported or resumed without the file.
  mutable bool config_inlined_ = false;
  // Set when a command objective runs in the spec file's directory: the stored text records it as
  // "cwd", so that re-evaluation from storage runs the command in the same place.
  mutable bool command_dir_inlined_ = false;
  // Set for a compress objective: the stored text holds the model's absolute path or the
  // configuration inline.
  mutable bool compress_inlined_ = false;
};

// line:column of nlohmann's byte offset.
std::string LineColumn(const std::string& text, size_t byte) {
  const size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

Result<StudySpec> ParseStudySpec(const std::string& json_text, const std::string& source_name,
                                 const std::string& base_dir) {
  if (Status depth = CheckJsonDepth(json_text); !depth.ok()) {
    return Status::ParseError(source_name + ":" + depth.message());
  }
  OrderedJson j;
  try {
    j = OrderedJson::parse(json_text);
  } catch (const OrderedJson::parse_error& e) {
    std::string reason = e.what();
    const size_t colon = reason.find(": ", reason.find("column "));
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
    return Status::ParseError(source_name + ":" + LineColumn(json_text, e.byte) + ": " + reason);
  } catch (const OrderedJson::exception& e) {
    // A number too large for a double (out_of_range 406; fuzz finding spec/number_overflow).
    return Status::ParseError(source_name + ": " + JsonExceptionReason(e.what()));
  }
  SpecParser parser(json_text, source_name, base_dir);
  auto spec = parser.Parse(j);
  if (spec.ok() && parser.command_dir_inlined_) {
    j["objective"]["cwd"] = spec->command_dir;
    spec->text = j.dump(2);
  }
  if (spec.ok() && parser.compress_inlined_) {
    OrderedJson& c = j["objective"]["compress"];
    c.erase("config_file");
    if (!spec->compress.model_path.empty()) c["model"] = spec->compress.model_path;
    if (spec->compress.config.has_value()) {
      c["config"] = OrderedJson::parse(WriteExperimentConfig(*spec->compress.config));
    }
    spec->text = j.dump(2);
  }
  if (spec.ok() && parser.config_inlined_) {
    j["objective"].erase("config_file");
    j["objective"]["config"] = OrderedJson::parse(WriteExperimentConfig(spec->experiment.base));
    spec->text = j.dump(2);
  }
  return spec;
}

Result<StudySpec> LoadStudySpec(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseStudySpec(*text, path, std::filesystem::path(path).parent_path().string());
}

Result<std::unique_ptr<StudyObjective>> MakeStudyObjective(const StudySpec& spec,
                                                           bool standalone) {
  switch (spec.objective_kind) {
    case ObjectiveKind::kFunction: {
      auto function = MakeTestFunction(spec.function, spec.function_dims);
      if (!function.ok()) return function.status();
      return std::unique_ptr<StudyObjective>(
          std::make_unique<FunctionObjective>(*std::move(function), spec.function_sleep_s));
    }
    case ObjectiveKind::kCommand: {
      CommandObjectiveOptions options;
      options.argv = spec.command;
      options.num_values = static_cast<int>(spec.directions.size());
      options.working_directory = spec.command_dir;
      if (standalone) options.timeout_s = spec.trial_timeout_s;
      return std::unique_ptr<StudyObjective>(std::make_unique<CommandObjective>(options));
    }
    case ObjectiveKind::kExperiment:
      return std::unique_ptr<StudyObjective>(
          std::make_unique<ExperimentObjective>(spec.experiment));
    case ObjectiveKind::kCompress:
      return std::unique_ptr<StudyObjective>(std::make_unique<CompressObjective>(spec.compress));
  }
  return Status::Internal("unknown objective kind");
}

}  // namespace optiscope
