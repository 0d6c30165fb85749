// optiscope-cli: the engine from the command line. Dispatches to the commands in commands.h;
// the contract (commands, options, output, exit statuses) is documented in docs/cli.md.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "engine/core/closest_name.h"

namespace {

using optiscope::cli::Command;
using optiscope::cli::Commands;

const Command* FindCommand(const std::string& name) {
  for (const Command& c : Commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

int Help(const std::vector<std::string>& words) {
  if (words.empty()) {
    std::fputs(optiscope::cli::GeneralHelp().c_str(), stdout);
    return optiscope::cli::kExitOk;
  }
  const Command* command = FindCommand(words[0]);
  if (command == nullptr) {
    return optiscope::cli::UsageError("no command named '" + words[0] + "'");
  }
  std::fputs(optiscope::cli::CommandHelp(*command).c_str(), stdout);
  return optiscope::cli::kExitOk;
}

int RunCommandLine(const std::vector<std::string>& words) {
  using namespace optiscope::cli;
  if (words.empty()) {
    std::string names;
    for (const Command& c : Commands()) names += (names.empty() ? "" : ", ") + c.name;
    return UsageError("missing command (" + names + ")");
  }
  const std::string& first = words[0];
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  if (first == "help" || first == "--help" || first == "-h") return Help(rest);
  if (first == "--version" || first == "version") {
    std::printf("%s\n", VersionText().c_str());
    return kExitOk;
  }
  const Command* command = FindCommand(first);
  if (command == nullptr) {
    std::vector<std::string> names = {"help"};
    for (const Command& c : Commands()) names.push_back(c.name);
    std::string message =
        (first.rfind("-", 0) == 0 ? "unknown option '" : "unknown command '") + first + "'";
    const std::string hint = optiscope::ClosestName(first, names);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    return UsageError(message);
  }
  optiscope::Result<ParsedArgs> args = ParseArgs(rest, command->options);
  if (!args.ok()) return UsageError(args.status().message(), command->name);
  if (args->Has("--help")) {
    std::fputs(CommandHelp(*command).c_str(), stdout);
    return kExitOk;
  }
  return command->run(*args);
}

// An exception that escapes a command (a bug, or memory exhausted): one line on stderr, exit 1.
// Engine threads never throw past their tasks (the pool turns exceptions into Status values).
int ReportUnexpected(const char* what) {
  std::string line = what;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fflush(stdout);
  std::fprintf(stderr, "optiscope-cli: internal error: %s\n", line.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  try {
    status = RunCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    return ReportUnexpected(e.what());
  } catch (...) {
    return ReportUnexpected("unknown exception");
  }
  std::fflush(stdout);
  return status;
}
