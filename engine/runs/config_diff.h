// What differs between the configurations of runs: the Runs list's legend ("lr 1e-3" beside one
// run, "lr 1e-3 → 3e-3" between two), computed on the configurations' JSON.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

// One setting whose value is not the same in every configuration compared.
struct ConfigDifference {
  std::string path;   // the JSON path, e.g. "optimizer.lr"
  std::string label;  // the shortest suffix of `path` no other difference ends with, e.g. "lr"
  // One text per configuration, in input order (FormatConfigValue); "–" where it is absent.
  std::vector<std::string> values;
};

// The settings (JSON leaves: numbers, strings, booleans, null, and whole arrays) whose values are
// not all equal across `json_texts`, in the order of the first configuration's keys (then keys
// only later ones have). Objects are compared key by key; a key missing from some configurations
// is a difference. Fewer than two texts give no differences. ParseError naming the text's index
// ("configuration 2: ...") when one is not a JSON object or nests deeper than kMaxJsonDepth.
// Pure: no I/O, deterministic.
Result<std::vector<ConfigDifference>> DiffConfigs(const std::vector<std::string>& json_texts);

// A value as the legend shows it: floating-point numbers below 0.01 or from 1e5 up in short
// scientific form ("1e-3", "2.5e-4", "1e6"), other floats in the shortest decimal form that reads
// back ("0.9"), integers as written ("32");
// strings without quotes; arrays as compact JSON ("[64,32]"), cut to 40 characters with "…".
// `json_text` is one JSON value; text that is not JSON is returned unchanged.
std::string FormatConfigValue(const std::string& json_text);

// "lr 1e-3 → 3e-3, batch_size 32 → 64": each difference between configuration `from` and `to`
// (indices into ConfigDifference::values) whose two values differ, at most `max_items`, then
// "(+N more)". "" when none differs.
std::string DescribeChange(const std::vector<ConfigDifference>& diffs, size_t from, size_t to,
                           size_t max_items = 3);

// "lr 1e-3, batch_size 64": configuration `index`'s values of the differences, at most
// `max_items`, then "(+N more)". "" when there are no differences.
std::string DescribeValues(const std::vector<ConfigDifference>& diffs, size_t index,
                           size_t max_items = 3);

}  // namespace optiscope
