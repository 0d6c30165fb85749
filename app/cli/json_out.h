// What every JSON writer of the CLI shares: objects keep their keys in insertion order (the order
// the documentation lists them), numbers that are not finite become null, and text that is not
// valid UTF-8 (a Latin-1 file name) is replaced rather than fatal. Header-only.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace optiscope::cli {

using Json = nlohmann::ordered_json;

// v, or null when v is NaN or infinite.
inline Json JsonNumber(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// One line of compact JSON; invalid UTF-8 is replaced with U+FFFD.
inline std::string DumpJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace optiscope::cli
