// Help texts, the command table and the common error reporters.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"

#ifndef OPTISCOPE_VERSION
#error "OPTISCOPE_VERSION must be defined by the build (app/CMakeLists.txt)"
#endif

namespace optiscope::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      DatasetsCommand(), InspectCommand(), ModelsCommand(),  TrainCommand(),
      EvaluateCommand(), RaceCommand(),    StudyCommand(),   ProjectCommand(),
      SelectCommand(),   CompressCommand()};
  return commands;
}

std::string VersionText() { return std::string("optiscope-cli ") + OPTISCOPE_VERSION; }

std::string GeneralHelp() {
  std::string out =
      "optiscope-cli: train and inspect models from the command line (Optiscope's engine,\n"
      "without the GUI).\n\n"
      "Usage: optiscope-cli <command> [options]\n\nCommands:\n";
  size_t width = 0;
  for (const Command& c : Commands()) width = std::max(width, c.name.size());
  for (const Command& c : Commands()) {
    out += "  " + c.name + std::string(width - c.name.size() + 3, ' ') + c.summary + "\n";
  }
  out += "  help" + std::string(width + 3 - 4, ' ') + "this text; 'help <command>' for a command\n";
  out +=
      "\nOptions:\n"
      "  --help, -h   this text\n"
      "  --version    print the version\n\n"
      "Examples:\n"
      "  optiscope-cli datasets\n"
      "  optiscope-cli inspect data.csv --target price\n"
      "  optiscope-cli train                      (the demo: digits, MLP, Adam)\n"
      "  optiscope-cli train --dataset iris --model logistic --epochs 50 --json\n"
      "  optiscope-cli train --config run.json --lr 3e-4 --export tuned.json\n\n"
      "Exit status: 0 ok, 1 bad input or configuration, 2 usage error, 3 the run failed,\n"
      "130 interrupted. The configuration file is described in docs/config.md.\n";
  return out;
}

std::string CommandHelp(const Command& command) {
  std::string out = "Usage: optiscope-cli " + command.synopsis + "\n\n" + command.summary + "\n";
  if (!command.details.empty()) out += "\n" + command.details;
  if (!command.options.empty()) out += "\nOptions:\n" + FormatOptions(command.options);
  return out;
}

int UsageError(const std::string& message, const std::string& command) {
  const std::string help = command.empty() ? "help" : "help " + command;
  std::fprintf(stderr, "optiscope-cli: %s; see 'optiscope-cli %s'\n", message.c_str(),
               help.c_str());
  return kExitUsage;
}

int Fail(int exit_code, const std::string& message) {
  std::string line = message;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "%s\n", line.c_str());
  return exit_code;
}

}  // namespace optiscope::cli
