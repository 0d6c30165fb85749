// Command-line argument parsing for optiscope-cli: options declared per command, "--name value"
// and "--name=value" forms, usage errors with "did you mean" hints.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/status.h"

namespace optiscope::cli {

// One option a command accepts. `value_name` empty = a flag without a value.
struct OptionSpec {
  std::string name;        // "--lr"
  std::string value_name;  // "NUMBER" (shown in help), or "" for a flag
  std::string help;        // one line
};

// The parsed command line of one command.
struct ParsedArgs {
  std::vector<std::string> positionals;
  std::vector<std::pair<std::string, std::string>> options;  // in command-line order

  // True when the option was given at least once.
  bool Has(const std::string& name) const;
  // The value of the last occurrence of the option, if given.
  std::optional<std::string> Get(const std::string& name) const;
};

// Parses `args` (the words after the command name) against `specs`. "-h" and "--help" are
// recorded as the option "--help" when listed in specs. "--" ends the options. Errors (unknown
// option, missing value, value given to a flag) are InvalidArgument with a one-line message
// naming the option; the caller reports them as usage errors.
Result<ParsedArgs> ParseArgs(std::span<const std::string> args, std::span<const OptionSpec> specs);

// Help lines for `specs`: "  --name VALUE   help", aligned.
std::string FormatOptions(std::span<const OptionSpec> specs);

}  // namespace optiscope::cli
