// "optiscope-cli inspect FILE": the schema a CSV file is read with (column types, missing values,
// ranges) and the task its target column implies.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/text_table.h"
#include "engine/config/config_names.h"
#include "engine/core/closest_name.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/csv_reader.h"
#include "engine/data/dataset.h"

namespace optiscope::cli {
namespace {

std::string Shortest(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", v);
  return buffer;
}

// A cell or name as it can be shown on one line: quoted with C escapes when it holds a
// delimiter, a quote, a control character or edge spaces ("Smith, John" -> "\"Smith, John\"").
std::string Printable(const std::string& text) {
  const bool plain = !text.empty() && text.front() != ' ' && text.back() != ' ' &&
                     text.find_first_of(",;\"\\\t\r\n") == std::string::npos;
  if (plain) return text;
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

// "min .. max" of a numeric column, or the number of categories and the first few names.
std::string ValuesText(const Column& column) {
  if (column.type == ColumnType::kCategorical) {
    std::string text = std::to_string(column.categories.size()) + " categories: ";
    for (size_t i = 0; i < column.categories.size(); ++i) {
      const std::string next = (i ? ", " : "") + Printable(column.categories[i]);
      if (text.size() + next.size() > 60) return text + ", ...";
      text += next;
    }
    return text;
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double v : column.numbers) {
    if (std::isnan(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return "all missing";
  return Shortest(lo) + " .. " + Shortest(hi);
}

std::string DelimiterText(char delimiter) {
  if (delimiter == '\t') return "tab";
  return std::string("'") + delimiter + "'";
}

std::string DatasetTaskText(const Dataset& dataset) {
  if (dataset.task == TaskKind::kRegression) return "regression";
  std::string text = "classification, " + std::to_string(dataset.NumClasses()) + " classes: ";
  for (int i = 0; i < dataset.NumClasses(); ++i) {
    const std::string next = (i ? ", " : "") + Printable(dataset.class_names[i]);
    if (text.size() + next.size() > 70) return text + ", ...";
    text += next;
  }
  return text;
}

int RunInspect(const ParsedArgs& args) {
  if (args.positionals.size() != 1) {
    return UsageError(args.positionals.empty()
                          ? "missing FILE"
                          : "expected one FILE, got " + std::to_string(args.positionals.size()),
                      "inspect");
  }
  const std::string& file = args.positionals[0];
  DatasetOptions options;
  options.target = args.Get("--target").value_or("");
  const std::string task = args.Get("--task").value_or("auto");
  const std::optional<TaskChoice> known_task = EnumFromName<TaskChoice>(task);
  if (!known_task) {
    return UsageError("--task must be auto, classification or regression, got '" + task + "'",
                      "inspect");
  }
  options.task = *known_task;

  // A path that exists is a file; otherwise a built-in name is accepted too ("inspect iris").
  const bool builtin = !std::filesystem::exists(file) && IsBuiltinDataset(file);
  Result<Table> table = builtin ? LoadBuiltinTable(file) : ReadCsvFile(file);
  if (!table.ok()) return Fail(kExitBadInput, table.status().message());

  std::printf("%s\n",
              FormatTable({{"file", builtin ? file + " (built-in)" : file},
                           {"rows", std::to_string(table->num_rows)},
                           {"columns", std::to_string(table->columns.size()) + " (delimiter " +
                                           DelimiterText(table->delimiter) + ", header " +
                                           (table->had_header ? "yes" : "no") + ")"}})
                  .c_str());
  std::vector<std::vector<std::string>> rows = {{"#", "column", "type", "missing", "values"}};
  for (size_t i = 0; i < table->columns.size(); ++i) {
    const Column& c = table->columns[i];
    rows.push_back({std::to_string(i + 1), Printable(c.name), ColumnTypeName(c.type),
                    std::to_string(c.missing), ValuesText(c)});
  }
  std::printf("%s\n", FormatTable(rows, {true, false, false, true, false}).c_str());

  if (!options.target.empty() && table->FindColumn(options.target) < 0) {
    std::vector<std::string> names;
    for (const Column& c : table->columns) names.push_back(c.name);
    const std::string hint = ClosestName(options.target, names);
    return Fail(kExitBadInput, file + ": no column named '" + options.target + "'" +
                                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  Result<Dataset> dataset = MakeDataset(*table, options);
  if (!dataset.ok()) {
    const std::string& message = dataset.status().message();
    return Fail(kExitBadInput,
                message.rfind(table->source, 0) == 0 ? message : file + ": " + message);
  }
  const std::string target_text =
      Printable(dataset->target_name) +
      (options.target.empty() ? " (the last column; --target COL)" : "");
  std::fputs(FormatTable({{"target", target_text},
                          {"task", DatasetTaskText(*dataset)},
                          {"features", std::to_string(dataset->NumFeatures()) +
                                           " after one-hot encoding of categorical columns"},
                          {"usable rows", std::to_string(dataset->NumRows()) +
                                              " (rows with a missing target are dropped)"}})
                 .c_str(),
             stdout);
  return kExitOk;
}

}  // namespace

Command InspectCommand() {
  return {.name = "inspect",
          .synopsis = "inspect FILE [--target COL] [--task auto|classification|regression]",
          .summary = "show how a CSV file is read: columns, types, missing values, implied task",
          .details =
              "FILE is a CSV file (or the name of a built-in dataset). Prints the rows, "
              "the delimiter and\nheader detected, one line per column (type, missing "
              "cells, range or categories), then\nthe target column (default: the last) "
              "and the task it implies. A malformed file exits\nwith status 1 and "
              "'file:line:column: reason' on stderr.\n",
          .options = {{"--target", "COL", "the target column (default: the last column)"},
                      {"--task", "TASK", "auto (default), classification or regression"},
                      {"--help", "", "this text"}},
          .run = RunInspect};
}

}  // namespace optiscope::cli
