// LossExpression: a user-written loss of the prediction p and target y (e.g.
// "abs(p - y)^1.5 + 0.1*(p - y)^2"), parsed with exact error columns and compiled to a flat
// postfix tape that evaluates the value and its exact derivative d/dp without allocating.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

// Where and why an expression is not acceptable. `column` is 1-based, counted in characters of
// the text (column length+1 means "at the end"). `message` reads e.g. "expected ')' at column 14".
struct ExpressionError {
  int column = 0;
  std::string message;
};

// The grammar (whitespace between tokens is ignored):
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?          right-associative: 2^3^2 = 2^(3^2); -p^2 = -(p^2)
//   primary := number | 'p' | 'y' | name '(' expr (',' expr)* ')' | '(' expr ')'
// number: digits with an optional fraction and exponent (1, 0.5, .5, 1e-3). Functions: abs exp
// log sqrt sin cos tanh sigmoid softplus (one argument), max min pow (two arguments).
// The expression must use p (otherwise its gradient is zero and nothing trains).
//
// Differentiation is automatic: the tape is run on dual numbers (value, d/dp), i.e. forward-mode
// automatic differentiation (Griewank & Walther, "Evaluating Derivatives", 2008, ch. 3). With one
// differentiated input, forward mode gives the exact derivative in the same single pass as the
// value. Conventions at kinks: d|x|/dx = 0 at 0; max/min take the first argument on ties.
class LossExpression {
 public:
  // Parses and compiles `text`. On failure `error` (if non-null) receives the column and message;
  // the Status message is one line, "<message> in: <text>" (FormatExpressionError gives the
  // multi-line caret form for displays that keep line breaks).
  static Result<LossExpression> Compile(const std::string& text, ExpressionError* error = nullptr);

  // f(p, y) and df/dp. Does not allocate; thread-safe (const).
  double Value(double p, double y) const;
  double ValueAndDerivative(double p, double y, double* d_dp) const;

  const std::string& text() const { return text_; }
  // The postfix tape in readable form, e.g. "p y - abs 1.5 ^" (tests, debugging).
  std::string Postfix() const;

  enum class Op : unsigned char {
    kConst,
    kP,
    kY,
    kNeg,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kPow,
    kAbs,
    kExp,
    kLog,
    kSqrt,
    kSin,
    kCos,
    kTanh,
    kSigmoid,
    kSoftplus,
    kMax,
    kMin,
  };
  struct Instruction {
    Op op;
    double constant = 0.0;  // kConst only
  };
  // Values an instruction pops from the stack (0 for constants, p and y; 2 for binary ops).
  static int Arity(Op op);
  // The deepest evaluation stack any accepted expression may need.
  static constexpr int kMaxStack = 64;

 private:
  std::string text_;
  std::vector<Instruction> tape_;
};

// The caret form of an error: "<message>\n  <text>\n  <spaces>^".
std::string FormatExpressionError(const std::string& text, const ExpressionError& error);

}  // namespace optiscope
