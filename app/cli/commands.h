// The subcommands of optiscope-cli (datasets, inspect, train): their options, help and entry
// points. main.cpp dispatches to them; each returns the process exit status (exit_codes.h).
#pragma once

#include <string>
#include <vector>

#include "app/cli/cli_args.h"

namespace optiscope::cli {

struct Command {
  std::string name;      // "train"
  std::string synopsis;  // "train [--config FILE | --demo] [--json] [overrides]"
  std::string summary;   // one line for the command list
  std::string details;   // paragraphs printed by "help <command>" before the options
  std::vector<OptionSpec> options;
  int (*run)(const ParsedArgs& args) = nullptr;
};

// Every command, in help order.
const std::vector<Command>& Commands();

// The command definitions (one file each).
Command DatasetsCommand();
Command InspectCommand();
Command TrainCommand();
Command RaceCommand();  // race_command.cpp: the optimizer race
Command StudyCommand();
Command ModelsCommand();    // models_command.cpp
Command EvaluateCommand();  // evaluate_command.cpp
Command ProjectCommand();  // project_command.cpp
Command SelectCommand();   // project_command.cpp
Command CompressCommand();  // compress_command.cpp

// "optiscope-cli help" and "optiscope-cli help <command>" texts.
std::string GeneralHelp();
std::string CommandHelp(const Command& command);
std::string VersionText();  // "optiscope-cli 0.1.0"

// Writes "optiscope-cli: <message>; see 'optiscope-cli help [<command>]'" to stderr and returns
// kExitUsage.
int UsageError(const std::string& message, const std::string& command = "");
// Writes `message` as one line to stderr and returns `exit_code`.
int Fail(int exit_code, const std::string& message);

}  // namespace optiscope::cli
