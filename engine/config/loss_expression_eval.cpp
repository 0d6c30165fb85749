// The evaluation half of LossExpression: the postfix tape run on dual numbers (value, d/dp).
#include <algorithm>
#include <cmath>

#include "engine/config/loss_expression.h"

namespace optiscope {
namespace {

using Op = LossExpression::Op;

double Sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

// a^b and its derivative. The log(a) term appears only when the exponent varies, and the power
// rule only when the base does, so abs(p - y)^1.5 has derivative 0 (not NaN) at p = y.
void PowDual(double a, double da, double b, double db, double* v, double* d) {
  *v = std::pow(a, b);
  double g = 0.0;
  if (da != 0.0) g += b * std::pow(a, b - 1.0) * da;
  if (db != 0.0) g += *v * std::log(a) * db;
  *d = g;
}

// a op b on dual numbers (value, derivative) into (*rv, *rd).
void BinaryDual(Op op, double a, double da, double b, double db, double* rv, double* rd) {
  switch (op) {
    case Op::kAdd:
      *rv = a + b;
      *rd = da + db;
      break;
    case Op::kSub:
      *rv = a - b;
      *rd = da - db;
      break;
    case Op::kMul:
      *rv = a * b;
      *rd = da * b + a * db;
      break;
    case Op::kDiv:
      *rv = a / b;
      *rd = (da * b - a * db) / (b * b);
      break;
    case Op::kPow:
      PowDual(a, da, b, db, rv, rd);
      break;
    case Op::kMax:
      *rv = a >= b ? a : b;
      *rd = a >= b ? da : db;
      break;
    case Op::kMin:
      *rv = a <= b ? a : b;
      *rd = a <= b ? da : db;
      break;
    default:
      break;
  }
}

// op(x) on a dual number (value x, derivative dx) into (*rv, *rd).
void UnaryDual(Op op, double x, double dx, double* rv, double* rd) {
  switch (op) {
    case Op::kNeg:
      *rv = -x;
      *rd = -dx;
      break;
    case Op::kAbs:
      *rv = std::abs(x);
      *rd = x > 0 ? dx : (x < 0 ? -dx : 0.0);
      break;
    case Op::kExp:
      *rv = std::exp(x);
      *rd = *rv * dx;
      break;
    case Op::kLog:
      *rv = std::log(x);
      *rd = dx / x;
      break;
    case Op::kSqrt:
      *rv = std::sqrt(x);
      *rd = dx == 0.0 ? 0.0 : dx / (2.0 * *rv);
      break;
    case Op::kSin:
      *rv = std::sin(x);
      *rd = std::cos(x) * dx;
      break;
    case Op::kCos:
      *rv = std::cos(x);
      *rd = -std::sin(x) * dx;
      break;
    case Op::kTanh:
      *rv = std::tanh(x);
      *rd = (1.0 - *rv * *rv) * dx;
      break;
    case Op::kSigmoid:
      *rv = Sigmoid(x);
      *rd = *rv * (1.0 - *rv) * dx;
      break;
    case Op::kSoftplus:
      *rv = std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
      *rd = Sigmoid(x) * dx;
      break;
    default:
      break;
  }
}

}  // namespace

double LossExpression::Value(double p, double y) const {
  double unused;
  return ValueAndDerivative(p, y, &unused);
}

double LossExpression::ValueAndDerivative(double p, double y, double* d_dp) const {
  std::array<double, kMaxStack> v;
  std::array<double, kMaxStack> d;
  int top = -1;  // index of the top of the stack
  for (const Instruction& in : tape_) {
    switch (in.op) {
      case Op::kConst:
        ++top;
        v[top] = in.constant;
        d[top] = 0.0;
        continue;
      case Op::kP:
        ++top;
        v[top] = p;
        d[top] = 1.0;
        continue;
      case Op::kY:
        ++top;
        v[top] = y;
        d[top] = 0.0;
        continue;
      default:
        break;
    }
    if (Arity(in.op) == 2) {
      const double a = v[top - 1], da = d[top - 1], b = v[top], db = d[top];
      --top;
      BinaryDual(in.op, a, da, b, db, &v[top], &d[top]);
    } else {
      UnaryDual(in.op, v[top], d[top], &v[top], &d[top]);
    }
  }
  *d_dp = d[0];
  return v[0];
}

}  // namespace optiscope
