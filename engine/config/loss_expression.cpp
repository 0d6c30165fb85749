#include "engine/config/loss_expression.h"
#include "engine/core/str_cat.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace optiscope {
namespace {

using Op = LossExpression::Op;
using Instruction = LossExpression::Instruction;

struct Function {
  const char* name;
  Op op;
  int arity;
};

constexpr Function kFunctions[] = {
    {"abs", Op::kAbs, 1},   {"exp", Op::kExp, 1},         {"log", Op::kLog, 1},
    {"sqrt", Op::kSqrt, 1}, {"sin", Op::kSin, 1},         {"cos", Op::kCos, 1},
    {"tanh", Op::kTanh, 1}, {"sigmoid", Op::kSigmoid, 1}, {"softplus", Op::kSoftplus, 1},
    {"max", Op::kMax, 2},   {"min", Op::kMin, 2},         {"pow", Op::kPow, 2},
};

constexpr int kMaxNesting = 100;  // parentheses/unary levels: bounds the parser's recursion

// 1-based character column of byte offset `byte` (UTF-8 continuation bytes do not count).
int ColumnOf(const std::string& text, size_t byte) {
  int column = 1;
  for (size_t i = 0; i < std::min(byte, text.size()); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// Recursive descent that emits postfix directly (no tree).
class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  bool Parse(std::vector<Instruction>* tape) {
    tape_ = tape;
    if (!Expr()) return false;
    SkipSpace();
    if (pos_ < text_.size()) {
      if (text_[pos_] == ')') return Fail(pos_, "unmatched ')'");
      return Fail(pos_, "unexpected " + Quote(pos_), "expected an operator + - * / ^");
    }
    return true;
  }
  const ExpressionError& error() const { return error_; }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  std::string Quote(size_t at) const {
    const unsigned char c = static_cast<unsigned char>(text_[at]);
    if (c >= 0x80) return "a non-ASCII character";
    return std::string("'") + text_[at] + "'";
  }
  // "<what> at column N" followed by " (<note>)" when a note is given.
  bool Fail(size_t at, const std::string& what, const std::string& note = "") {
    error_.column = ColumnOf(text_, at);
    error_.message = what + " at column " + std::to_string(error_.column);
    if (!note.empty()) error_.message += " (" + note + ")";
    return false;
  }
  void Emit(Op op, double constant = 0.0) { tape_->push_back({op, constant}); }

  bool Expr() {
    if (!Term()) return false;
    while (Peek('+') || Peek('-')) {
      const char c = text_[pos_++];
      if (!Term()) return false;
      Emit(c == '+' ? Op::kAdd : Op::kSub);
    }
    return true;
  }
  bool Term() {
    if (!Unary()) return false;
    while (Peek('*') || Peek('/')) {
      const char c = text_[pos_++];
      if (!Unary()) return false;
      Emit(c == '*' ? Op::kMul : Op::kDiv);
    }
    return true;
  }
  bool Unary() {
    if (Peek('-') || Peek('+')) {
      const size_t at = pos_;
      const char c = text_[pos_++];
      if (++depth_ > kMaxNesting) return Fail(at, "expression nested too deeply");
      if (!Unary()) return false;
      --depth_;
      if (c == '-') Emit(Op::kNeg);
      return true;
    }
    return Power();
  }
  bool Power() {
    if (!Primary()) return false;
    if (Peek('^')) {
      const size_t at = pos_++;
      if (++depth_ > kMaxNesting) return Fail(at, "expression nested too deeply");
      if (!Unary()) return false;
      --depth_;
      Emit(Op::kPow);
    }
    return true;
  }
  bool Primary() {
    SkipSpace();
    if (pos_ >= text_.size()) {
      return Fail(pos_, "unexpected end of expression", kOperand);
    }
    const char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return Number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return Name();
    if (c == '(') {
      const size_t open = pos_++;
      if (++depth_ > kMaxNesting) return Fail(open, "expression nested too deeply");
      if (!Expr()) return false;
      --depth_;
      if (!Peek(')')) {
        return Fail(pos_, "expected ')'",
                    "to close the '(' at column " + std::to_string(ColumnOf(text_, open)));
      }
      ++pos_;
      return true;
    }
    return Fail(pos_, "unexpected " + Quote(pos_), kOperand);
  }
  bool Number() {
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
      ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      size_t k = pos_ + 1;
      if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
      pos_ = k;  // "1e" and "1e+" stay malformed
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    double value = 0.0;
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || end != last || !std::isfinite(value)) {
      return Fail(start, "malformed number '" + text_.substr(start, pos_ - start) + "'");
    }
    Emit(Op::kConst, value);
    return true;
  }
  bool Name() {
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    const std::string name = text_.substr(start, pos_ - start);
    if (name == "p" || name == "y") {
      Emit(name == "p" ? Op::kP : Op::kY);
      return true;
    }
    const Function* f = nullptr;
    for (const Function& candidate : kFunctions) {
      if (name == candidate.name) f = &candidate;
    }
    if (!f) {
      return Fail(start, "unknown name '" + name + "'",
                  "use p, y or a function: abs exp log sqrt sin cos tanh sigmoid softplus max "
                  "min pow");
    }
    if (!Peek('(')) return Fail(pos_, "expected '('", "after the function '" + name + "'");
    const size_t open = pos_++;
    if (++depth_ > kMaxNesting) return Fail(open, "expression nested too deeply");
    int args = 0;
    while (true) {
      if (!Expr()) return false;
      ++args;
      if (Peek(',')) {
        if (args == f->arity) return Fail(pos_, "expected ')'", Takes(*f));
        ++pos_;
        continue;
      }
      break;
    }
    if (!Peek(')') || args < f->arity) {
      return Fail(pos_, args < f->arity ? "expected ','" : "expected ')'", Takes(*f));
    }
    ++pos_;
    --depth_;
    Emit(f->op);
    return true;
  }

  static constexpr const char* kOperand = "expected a number, p, y, a function or '('";
  static std::string Takes(const Function& f) {
    return StrCat({"'", f.name, "' takes ", std::to_string(f.arity), " argument",
                   f.arity == 1 ? "" : "s"});
  }

  const std::string& text_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<Instruction>* tape_ = nullptr;
  ExpressionError error_;
};

}  // namespace

int LossExpression::Arity(Op op) {
  switch (op) {
    case Op::kConst:
    case Op::kP:
    case Op::kY:
      return 0;
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
    case Op::kPow:
    case Op::kMax:
    case Op::kMin:
      return 2;
    default:
      return 1;
  }
}

namespace {

const char* OpName(Op op) {
  switch (op) {
    case Op::kConst:
      return "c";
    case Op::kP:
      return "p";
    case Op::kY:
      return "y";
    case Op::kNeg:
      return "neg";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kPow:
      return "^";
    case Op::kAbs:
      return "abs";
    case Op::kExp:
      return "exp";
    case Op::kLog:
      return "log";
    case Op::kSqrt:
      return "sqrt";
    case Op::kSin:
      return "sin";
    case Op::kCos:
      return "cos";
    case Op::kTanh:
      return "tanh";
    case Op::kSigmoid:
      return "sigmoid";
    case Op::kSoftplus:
      return "softplus";
    case Op::kMax:
      return "max";
    case Op::kMin:
      return "min";
  }
  return "?";
}

}  // namespace

Result<LossExpression> LossExpression::Compile(const std::string& text, ExpressionError* error) {
  LossExpression e;
  e.text_ = text;
  Parser parser(text);
  ExpressionError failure;
  if (!parser.Parse(&e.tape_)) {
    failure = parser.error();
  } else {
    bool uses_p = false;
    int depth = 0, deepest = 0;
    for (const Instruction& in : e.tape_) {
      uses_p = uses_p || in.op == Op::kP;
      depth += 1 - Arity(in.op);
      deepest = std::max(deepest, depth);
    }
    if (!uses_p) {
      failure = {1,
                 "the expression does not use the prediction p at column 1 (its gradient "
                 "would be zero, so nothing would train)"};
    } else if (deepest > kMaxStack) {
      failure = {1, "the expression is too large at column 1 (it needs more than " +
                        std::to_string(kMaxStack) + " intermediate values; simplify it)"};
    }
  }
  if (failure.column == 0) return e;
  if (error) *error = failure;
  return Status::ParseError(failure.message + " in: " + text);
}

std::string FormatExpressionError(const std::string& text, const ExpressionError& error) {
  return error.message + "\n  " + text + "\n  " +
         std::string(static_cast<size_t>(std::max(error.column - 1, 0)), ' ') + "^";
}

std::string LossExpression::Postfix() const {
  std::string s;
  for (const Instruction& in : tape_) {
    if (!s.empty()) s += ' ';
    if (in.op == Op::kConst) {
      char buffer[32];
      const auto r = std::to_chars(buffer, buffer + sizeof(buffer), in.constant);
      s.append(buffer, r.ptr);
    } else {
      s += OpName(in.op);
    }
  }
  return s;
}

}  // namespace optiscope
