// RunEnd: how a run, a racer, a sweep or a test-function path ended. Events carry this value,
// never text, so no consumer compares status strings; RunEndName gives the word output prints.
#pragma once

namespace optiscope {

enum class RunEnd {
  kOk,         // finished (all epochs, or a callback such as early stopping ended it)
  kCancelled,  // a stop was requested
  kFailed,     // an error; the event's reason says which (a NaN loss is a failed run)
  kDiverged,   // a test-function path left its window by far or turned non-finite
};

// "ok" | "cancelled" | "failed" | "diverged": the text of JSON lines, tables and the GUI.
constexpr const char* RunEndName(RunEnd end) {
  switch (end) {
    case RunEnd::kOk:
      return "ok";
    case RunEnd::kCancelled:
      return "cancelled";
    case RunEnd::kFailed:
      return "failed";
    case RunEnd::kDiverged:
      return "diverged";
  }
  return "failed";
}

}  // namespace optiscope
