#include "engine/race/racer_spec.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "engine/config/config_names.h"
#include "engine/core/closest_name.h"

namespace optiscope {
namespace {

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string::npos ? end : end - begin));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return parts;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

Result<double> ParseNumber(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return Status::InvalidArgument("'" + text + "' is not a number");
  }
  return value;
}

Result<bool> ParseBool(const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Status::InvalidArgument("'" + text + "' is not true/false");
}

const std::vector<std::string>& SettingKeys() {
  static const std::vector<std::string> keys = {
      "lr",           "momentum", "dampening",           "nesterov",       "beta1",
      "beta2",        "eps",      "weight_decay",        "amsgrad",        "alpha",
      "centered",     "lr_decay", "initial_accumulator", "momentum_decay", "hypergrad_beta",
      "history_size", "label"};
  return keys;
}

Status Apply(const std::string& key, const std::string& value, OptimizerConfig* c,
             std::string* label) {
  if (key == "label") {
    if (value.empty()) return Status::InvalidArgument("label is empty");
    *label = value;
    return Status::Ok();
  }
  const std::map<std::string, double*> numbers = {{"lr", &c->lr},
                                                  {"momentum", &c->momentum},
                                                  {"dampening", &c->dampening},
                                                  {"beta1", &c->beta1},
                                                  {"beta2", &c->beta2},
                                                  {"eps", &c->eps},
                                                  {"weight_decay", &c->weight_decay},
                                                  {"alpha", &c->alpha},
                                                  {"lr_decay", &c->lr_decay},
                                                  {"initial_accumulator", &c->initial_accumulator},
                                                  {"momentum_decay", &c->momentum_decay},
                                                  {"hypergrad_beta", &c->hypergrad_beta}};
  if (auto it = numbers.find(key); it != numbers.end()) {
    auto v = ParseNumber(value);
    if (!v.ok()) return v.status();
    *it->second = *v;
    return Status::Ok();
  }
  const std::map<std::string, bool*> flags = {
      {"nesterov", &c->nesterov}, {"amsgrad", &c->amsgrad}, {"centered", &c->centered}};
  if (auto it = flags.find(key); it != flags.end()) {
    auto v = ParseBool(value);
    if (!v.ok()) return v.status();
    *it->second = *v;
    return Status::Ok();
  }
  if (key == "history_size") {
    auto v = ParseNumber(value);
    if (!v.ok()) return v.status();
    if (*v < 1 || *v != static_cast<int>(*v)) {
      return Status::InvalidArgument("history_size must be a positive integer");
    }
    c->history_size = static_cast<int>(*v);
    return Status::Ok();
  }
  std::string message = "unknown setting '" + key + "'";
  const std::string hint = ClosestName(key, SettingKeys());
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  return Status::InvalidArgument(message);
}

}  // namespace

Result<std::vector<RacerSpec>> ParseRacerSpecs(const std::string& text) {
  std::vector<RacerSpec> racers;
  std::vector<bool> labelled;
  std::vector<std::string> texts;
  for (const std::string& raw : Split(text, ',')) {
    const std::string item = Trim(raw);
    if (item.empty()) {
      return Status::InvalidArgument("optimizer list '" + text +
                                     "': empty entry (expected e.g. adam:lr=0.01,sgd)");
    }
    const std::vector<std::string> parts = Split(item, ':');
    const std::string type = Trim(parts[0]);
    const std::optional<OptimizerType> parsed = EnumFromName<OptimizerType>(type);
    if (!parsed) {
      std::string message = "racer '" + item + "': unknown optimizer '" + type + "'";
      const std::string hint = ClosestName(type, OptimizerTypeNames());
      if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
      return Status::InvalidArgument(message);
    }
    RacerSpec spec;
    spec.optimizer = DefaultOptimizerConfig(*parsed);
    std::string label;
    for (size_t i = 1; i < parts.size(); ++i) {
      const std::string setting = Trim(parts[i]);
      const size_t eq = setting.find('=');
      if (eq == std::string::npos) {
        return Status::InvalidArgument("racer '" + item + "': setting '" + setting +
                                       "' needs the form key=value");
      }
      const std::string key = Trim(setting.substr(0, eq));
      const Status s = Apply(key, Trim(setting.substr(eq + 1)), &spec.optimizer, &label);
      if (!s.ok()) return Status::InvalidArgument("racer '" + item + "': " + s.message());
    }
    labelled.push_back(!label.empty());
    spec.label = label.empty() ? type : label;
    texts.push_back(item);
    racers.push_back(std::move(spec));
  }
  // A type raced more than once is labelled by its whole text, so the labels tell them apart.
  std::map<OptimizerType, int> type_count;
  for (const RacerSpec& r : racers) ++type_count[r.optimizer.type];
  for (size_t i = 0; i < racers.size(); ++i) {
    if (!labelled[i] && type_count[racers[i].optimizer.type] > 1) racers[i].label = texts[i];
  }
  std::set<std::string> seen;
  for (const RacerSpec& r : racers) {
    if (!seen.insert(r.label).second) {
      return Status::InvalidArgument("racer '" + r.label +
                                     "' is listed twice; give one a different setting or label=");
    }
  }
  return racers;
}

}  // namespace optiscope
