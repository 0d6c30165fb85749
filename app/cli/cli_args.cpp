#include "app/cli/cli_args.h"

#include <algorithm>

#include "engine/core/closest_name.h"

namespace optiscope::cli {

bool ParsedArgs::Has(const std::string& name) const {
  return std::any_of(options.begin(), options.end(),
                     [&](const auto& option) { return option.first == name; });
}

std::optional<std::string> ParsedArgs::Get(const std::string& name) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

namespace {

const OptionSpec* Find(std::span<const OptionSpec> specs, const std::string& name) {
  for (const OptionSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Status UnknownOption(std::span<const OptionSpec> specs, const std::string& name) {
  std::vector<std::string> names;
  for (const OptionSpec& spec : specs) names.push_back(spec.name);
  std::string message = "unknown option '" + name + "'";
  const std::string hint = ClosestName(name, names);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  return Status::InvalidArgument(message);
}

}  // namespace

Result<ParsedArgs> ParseArgs(std::span<const std::string> args, std::span<const OptionSpec> specs) {
  ParsedArgs parsed;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      parsed.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    std::string name = arg == "-h" ? "--help" : arg;
    std::optional<std::string> inline_value;
    if (const size_t eq = name.find('='); eq != std::string::npos && name.rfind("--", 0) == 0) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* spec = Find(specs, name);
    if (spec == nullptr) return UnknownOption(specs, name);
    if (spec->value_name.empty()) {
      if (inline_value) return Status::InvalidArgument("option '" + name + "' takes no value");
      parsed.options.emplace_back(name, "");
    } else if (inline_value) {
      parsed.options.emplace_back(name, *inline_value);
    } else if (i + 1 < args.size()) {
      parsed.options.emplace_back(name, args[++i]);
    } else {
      return Status::InvalidArgument("option '" + name + "' needs a value (" + spec->value_name +
                                     ")");
    }
  }
  return parsed;
}

std::string FormatOptions(std::span<const OptionSpec> specs) {
  size_t width = 0;
  for (const OptionSpec& spec : specs) {
    width = std::max(width,
                     spec.name.size() + (spec.value_name.empty() ? 0 : 1 + spec.value_name.size()));
  }
  std::string out;
  for (const OptionSpec& spec : specs) {
    std::string left = spec.name;
    if (!spec.value_name.empty()) left += " " + spec.value_name;
    out += "  " + left + std::string(width - left.size() + 3, ' ') + spec.help + "\n";
  }
  return out;
}

}  // namespace optiscope::cli
