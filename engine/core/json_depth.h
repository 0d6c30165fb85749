// A bound on how deeply JSON text nests, checked on the raw text before any JSON parser (or any
// recursive reader after it) sees the document: a 100,000-deep configuration must be an error,
// not a stack overflow.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace optiscope {

// The deepest nesting of arrays and objects any Optiscope document needs is far below this.
inline constexpr int kMaxJsonDepth = 128;

// Ok when no array or object in `text` nests deeper than `max_depth` levels (strings, escapes
// included, are skipped; the text need not be valid JSON). Otherwise ParseError
// "LINE:COLUMN: JSON nests deeper than 128 levels (the limit)" at the first bracket past the
// limit; callers prefix their source name.
Status CheckJsonDepth(std::string_view text, int max_depth = kMaxJsonDepth);

// The reason in a JSON library exception's what() without its "[json.exception.NAME.N] " tag,
// e.g. "number overflow parsing '1e999999'": for errors that are not parse errors (a number too
// large for a double), which carry no byte position.
std::string JsonExceptionReason(const std::string& what);

}  // namespace optiscope
