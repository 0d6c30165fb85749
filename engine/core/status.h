// Status and Result<T>: how every expected failure (bad file, bad config, divergence,
// cancellation) travels through the engine. No exception crosses a thread boundary.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace optiscope {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a value or configuration the user gave is not acceptable
  kParseError,       // a file or expression could not be parsed (message: file:line:column: why)
  kNotFound,         // a named dataset, file, column or study does not exist
  kIoError,          // the operating system refused a read or write
  kCancelled,        // a stop was requested
  kDiverged,         // a training run produced NaN/Inf
  kInternal,         // a bug: should never reach a user
};

// A success or an error with a message a user can act on. Cheap to copy; immutable.
// [[nodiscard]]: a dropped Status is a lost error. Handle or propagate it; where ignoring one is
// really intended, write `(void)call();` with a comment saying why.
class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Cancelled(std::string m = "cancelled") { return {StatusCode::kCancelled, std::move(m)}; }
  static Status Diverged(std::string m) { return {StatusCode::kDiverged, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "OK" or "<code name>: <message>".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// The name of a status code, e.g. "parse error".
const char* StatusCodeName(StatusCode code);

// A value of type T, or the Status saying why there is none. [[nodiscard]] as Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}                     // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok().
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace optiscope

// Returns early from the enclosing function when `expr` (a Status) is not ok.
#define OPTISCOPE_RETURN_IF_ERROR(expr)          \
  do {                                           \
    ::optiscope::Status _st = (expr);            \
    if (!_st.ok()) return _st;                   \
  } while (0)
