// Finds where a value sits in JSON text, so that errors about a parsed document (a study spec) can
// say "file:line:column" and not only the JSON path.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace optiscope {

// One step of a JSON path: an object key or an array index.
using JsonPathStep = std::variant<std::string, int>;

// "line:column" (1-based; columns count characters) of the value at `path` in `text`, or of the
// deepest enclosing value that exists. REQUIRES: `text` is valid JSON (already parsed).
std::string LocateJsonPath(const std::string& text, const std::vector<JsonPathStep>& path);

// "space.lr.low", "objective.command[2]".
std::string JsonPathText(const std::vector<JsonPathStep>& path);

}  // namespace optiscope
