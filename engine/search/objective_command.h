// CommandObjective: tunes any program. The command line's "{name}" placeholders are replaced by the
// trial's parameters, the parameters are also written to its stdin as one JSON object, and the last
// non-empty line of its stdout is the value (several values: separated by spaces or commas).
#pragma once

#include <string>
#include <vector>

#include "engine/search/objective.h"

namespace optiscope {

struct CommandObjectiveOptions {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH; "{lr}" placeholders anywhere
  int num_values = 1;
  double timeout_s = 0.0;         // > 0: kill the command after this many seconds (failed trial)
  std::string working_directory;  // "" = the current one
};

// Runs the command with fork + exec (own process group, stdin/stdout/stderr pipes, killed by
// PR_SET_PDEATHSIG when Optiscope dies). A non-zero exit status, a signal, an unparsable last
// line, a wrong number of values or the timeout make the trial fail with a reason (the last stderr
// line is appended when there is one). A stop request kills the process group at once (SIGKILL)
// and returns Cancelled. Timeout and stop hold even when the command closes its stdout and stderr
// and keeps running; when the command exits, anything of its process group still holding its
// pipes is killed. Thread-safe.
class CommandObjective final : public StudyObjective {
 public:
  explicit CommandObjective(CommandObjectiveOptions options);
  int NumValues() const override { return options_.num_values; }
  Result<std::vector<double>> Evaluate(const TrialRequest& request,
                                       TrialContext& context) override;

 private:
  CommandObjectiveOptions options_;
};

// "{name}" -> the parameter's text (choice label, or the shortest round-trip decimal of the
// value); "{{" and "}}" are literal braces; a name that is no active parameter -> "".
std::string SubstitutePlaceholders(const std::string& text, const std::vector<TrialParam>& params);

// The parameters as one JSON object: {"lr":0.01,"opt":"adam"}.
std::string ParamsAsJson(const std::vector<TrialParam>& params);

// Parses the values of an output line: "0.5", "0.5 12", "0.5,12", "[0.5, 12]".
Result<std::vector<double>> ParseValuesLine(const std::string& line, int expected);

}  // namespace optiscope
