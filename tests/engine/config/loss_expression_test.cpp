// Custom loss expressions: exact parse results (postfix tapes), exact error columns, and
// derivatives against central finite differences.
#include "engine/config/loss_expression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace optiscope {
namespace loss_expression_test {

std::string PostfixOf(const std::string& text) {
  auto e = LossExpression::Compile(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().message();
  return e.ok() ? e->Postfix() : "";
}

ExpressionError ErrorOf(const std::string& text) {
  ExpressionError error;
  auto e = LossExpression::Compile(text, &error);
  EXPECT_FALSE(e.ok()) << text;
  if (!e.ok()) {
    EXPECT_EQ(e.status().code(), StatusCode::kParseError);
  }
  return error;
}

TEST(LossExpressionTest, PrecedenceAndAssociativity) {
  EXPECT_EQ(PostfixOf("p - y"), "p y -");
  EXPECT_EQ(PostfixOf("p - y - 1"), "p y - 1 -");
  EXPECT_EQ(PostfixOf("p + y * 2"), "p y 2 * +");
  EXPECT_EQ(PostfixOf("2^3^p"), "2 3 p ^ ^");
  EXPECT_EQ(PostfixOf("-p^2"), "p 2 ^ neg");
  EXPECT_EQ(PostfixOf("p^-1"), "p 1 neg ^");
  EXPECT_EQ(PostfixOf("abs(p - y)^1.5 + 0.1*(p - y)^2"), "p y - abs 1.5 ^ 0.1 p y - 2 ^ * +");
  EXPECT_EQ(PostfixOf("max(p, y) / min(p,1e-3)"), "p y max p 0.001 min /");
  EXPECT_EQ(PostfixOf("pow(p, 2) + .5"), "p 2 ^ 0.5 +");
  EXPECT_EQ(PostfixOf("  sigmoid ( p ) "), "p sigmoid");
}

TEST(LossExpressionTest, ErrorsNameTheExactColumn) {
  // Columns are 1-based; "at the end" is one past the last character.
  ExpressionError e = ErrorOf("abs(p - y)^1.5 + (p - y");
  EXPECT_EQ(e.column, 24);
  EXPECT_EQ(e.message, "expected ')' at column 24 (to close the '(' at column 18)");
  e = ErrorOf("(p - y)^2 + 0.1*(p - y");
  EXPECT_EQ(e.column, 23);
  e = ErrorOf("abs(p - y");
  EXPECT_EQ(e.column, 10);
  EXPECT_EQ(e.message, "expected ')' at column 10 ('abs' takes 1 argument)");
  e = ErrorOf("p + q");
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.message.rfind("unknown name 'q' at column 5", 0), 0u);
  e = ErrorOf("p * ");
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.message.rfind("unexpected end of expression at column 5", 0), 0u);
  e = ErrorOf("p y");
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.message, "unexpected 'y' at column 3 (expected an operator + - * / ^)");
  e = ErrorOf("(p - y))");
  EXPECT_EQ(e.column, 8);
  EXPECT_EQ(e.message, "unmatched ')' at column 8");
  e = ErrorOf("max(p)");
  EXPECT_EQ(e.column, 6);
  EXPECT_EQ(e.message, "expected ',' at column 6 ('max' takes 2 arguments)");
  e = ErrorOf("exp(p, y)");
  EXPECT_EQ(e.column, 6);
  e = ErrorOf("abs p");
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.message, "expected '(' at column 5 (after the function 'abs')");
  e = ErrorOf("p - 1e");
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.message, "malformed number '1e' at column 5");
  e = ErrorOf("p # y");
  EXPECT_EQ(e.column, 3);
  e = ErrorOf("");
  EXPECT_EQ(e.column, 1);
  e = ErrorOf("y^2");
  EXPECT_EQ(e.column, 1);
  EXPECT_NE(e.message.find("does not use the prediction p"), std::string::npos);
  // Columns count characters, not UTF-8 bytes.
  e = ErrorOf("p - \xc3\xa9");
  EXPECT_EQ(e.column, 5);
}

TEST(LossExpressionTest, StatusMessageHasACaretUnderTheColumn) {
  ExpressionError error;
  auto e = LossExpression::Compile("abs(p - y", &error);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "expected ')' at column 10 ('abs' takes 1 argument) in: abs(p - y");
  EXPECT_EQ(FormatExpressionError("abs(p - y", error),
            "expected ')' at column 10 ('abs' takes 1 argument)\n  abs(p - y\n           ^");
}

TEST(LossExpressionTest, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(500, '(') + "p" + std::string(500, ')');
  EXPECT_EQ(ErrorOf(deep).column, 101);
  std::string wide = "p";
  for (int i = 0; i < 70; ++i) wide = "p + (" + wide + ")";
  EXPECT_FALSE(LossExpression::Compile(wide).ok());
}

TEST(LossExpressionTest, ValuesMatchTheFormula) {
  auto e = LossExpression::Compile("abs(p - y)^1.5 + 0.1*(p - y)^2");
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(e->Value(3.0, 1.0), std::pow(2.0, 1.5) + 0.4, 1e-14);
  auto f = LossExpression::Compile("softplus(p) - y*p + log(exp(1)) + sqrt(4) + tanh(0)");
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(f->Value(0.3, 1.0), std::log1p(std::exp(0.3)) - 0.3 + 3.0, 1e-14);
  EXPECT_NEAR(f->Value(800.0, 1.0), 3.0, 1e-9);  // softplus does not overflow
}

// Every function and operator, differentiated at points away from kinks, against central
// differences in double.
TEST(LossExpressionTest, DerivativesMatchFiniteDifferences) {
  const char* cases[] = {
      "abs(p - y)^1.5 + 0.1*(p - y)^2",
      "exp(0.3*p) - log(p*p + 1) + sqrt(p*p + 2)",
      "sin(p) * cos(y*p) / (2 + tanh(p))",
      "sigmoid(3*p - y) + softplus(-p) * y",
      "max(p, y) - 2*min(p*p, y) + pow(p*p + 1, 0.7)",
      "p^p",  // variable exponent: d/dp = p^p (log p + 1)
      "-(p - y)^3 / 3 + 2^p",
  };
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    auto e = LossExpression::Compile(text);
    ASSERT_TRUE(e.ok()) << e.status().message();
    for (double p : {0.37, 1.3, 2.2}) {
      for (double y : {0.0, 1.0, 1.7}) {
        double d = 0;
        e->ValueAndDerivative(p, y, &d);
        const double h = 1e-6;
        const double fd = (e->Value(p + h, y) - e->Value(p - h, y)) / (2 * h);
        EXPECT_NEAR(d, fd, 1e-6 * std::max(1.0, std::abs(fd))) << "p=" << p << " y=" << y;
      }
    }
  }
}

TEST(LossExpressionTest, KinksHaveFiniteDerivatives) {
  auto e = LossExpression::Compile("abs(p - y)^1.5");
  ASSERT_TRUE(e.ok());
  double d = 1;
  EXPECT_EQ(e->ValueAndDerivative(1.0, 1.0, &d), 0.0);
  EXPECT_EQ(d, 0.0);
  auto s = LossExpression::Compile("abs(p)");
  s->ValueAndDerivative(0.0, 0.0, &d);
  EXPECT_EQ(d, 0.0);
}

}  // namespace loss_expression_test
}  // namespace optiscope
