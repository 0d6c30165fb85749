// Fuzz target "loss_expr": user-written loss expressions (engine/config/loss_expression.h). An
// expression that compiles is evaluated, with its derivative, at a few points: the tape must fit
// the evaluation stack it promises (kMaxStack) whatever the nesting.
#include <cstdint>
#include <string>

#include "engine/config/loss_expression.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = optiscope::fuzz::AsString(data, size);
  optiscope::ExpressionError error;
  auto expression = optiscope::LossExpression::Compile(text, &error);
  if (!expression.ok()) {
    if (error.column < 1 || error.column > static_cast<int>(text.size()) + 1) {
      optiscope::fuzz::Fail("error column " + std::to_string(error.column) +
                            " outside the text (" + std::to_string(text.size()) + " bytes)");
    }
    (void)optiscope::FormatExpressionError(text, error);
    return 0;
  }
  static constexpr double kPoints[][2] = {{0.0, 0.0}, {0.5, 1.0}, {-3.0, 2.0}, {1e300, -1e300}};
  double sum = 0.0;
  for (const auto& point : kPoints) {
    double d = 0.0;
    sum += expression->Value(point[0], point[1]);
    sum += expression->ValueAndDerivative(point[0], point[1], &d) + d;
  }
  (void)sum;
  (void)expression->Postfix();
  return 0;
}
