#include "engine/search/search_space.h"

#include <gtest/gtest.h>

#include "engine/search/param_transform.h"

namespace optiscope {
namespace search_space_test {

TEST(SearchSpaceTest, RejectsBadParametersWithClearMessages) {
  SearchSpace s;
  Status st = s.Add(FloatParam("lr", 1.0, 1.0));
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'lr'"), std::string::npos);
  EXPECT_NE(st.message().find("less than high"), std::string::npos);
  st = s.Add(FloatParam("lr", 0.0, 1.0, /*log=*/true));
  EXPECT_NE(st.message().find("log-scale parameter needs low > 0"), std::string::npos);
  st = s.Add(FloatParam("x", 0.0, 1.0, false, 0.3));
  EXPECT_NE(st.message().find("does not divide"), std::string::npos);
  st = s.Add(When(FloatParam("y", 0, 1), "missing", {"a"}));
  EXPECT_NE(st.message().find("unknown parent 'missing'"), std::string::npos);
  ASSERT_TRUE(s.Add(CategoricalParam("opt", {"sgd", "adam"})).ok());
  st = s.Add(When(FloatParam("m", 0, 1), "opt", {"rmsprop"}));
  EXPECT_NE(st.message().find("not a choice of 'opt'"), std::string::npos);
  EXPECT_FALSE(s.Add(CategoricalParam("opt", {"x"})).ok());            // duplicate
  EXPECT_FALSE(s.Add(CategoricalParam("c", {"x", "x"})).ok());         // duplicate choices
  EXPECT_FALSE(s.Add(CategoricalParam("e", {})).ok());                 // no choice
  EXPECT_FALSE(s.Add(IntParam("k", 1, 8, /*log=*/true, 2)).ok());      // log with step
  EXPECT_EQ(s.size(), 1);
}

TEST(SearchSpaceTest, ConditionalChainsAndValidation) {
  auto s = SearchSpace::Create({CategoricalParam("opt", {"sgd", "adam"}),
                                When(FloatParam("momentum", 0, 0.99), "opt", {"sgd"}),
                                When(CategoricalParam("nesterov", {"no", "yes"}), "momentum",
                                     {"0.9"}),
                                IntParam("layers", 1, 4),
                                When(IntParam("width", 8, 64, true), "layers", {"2", "3", "4"})});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const int nesterov = s->Find("nesterov");
  EXPECT_TRUE(s->IsActive(nesterov, {{"opt", 0}, {"momentum", 0.9}}));
  EXPECT_FALSE(s->IsActive(nesterov, {{"opt", 0}, {"momentum", 0.5}}));
  EXPECT_FALSE(s->IsActive(nesterov, {{"opt", 1}, {"momentum", 0.9}}));  // parent inactive
  EXPECT_TRUE(s->Validate({{"opt", 1}, {"layers", 1}}).ok());
  EXPECT_FALSE(s->Validate({{"opt", 1}, {"layers", 1}, {"momentum", 0.5}}).ok());  // inactive
  EXPECT_FALSE(s->Validate({{"opt", 0}, {"layers", 1}}).ok());  // momentum missing
  EXPECT_FALSE(s->Validate({{"opt", 1}, {"layers", 2}, {"width", 8.5}}).ok());  // not an int
  EXPECT_TRUE(s->Validate({{"opt", 1}, {"layers", 2}, {"width", 8}}).ok());
  EXPECT_FALSE(s->Validate({{"opt", 1}, {"layers", 1}, {"bogus", 1}}).ok());
  EXPECT_TRUE(s->HasConditions());
  EXPECT_FALSE(s->IsContinuous());
}

TEST(SearchSpaceTest, TrialParamsRoundTripAndSnap) {
  auto s = SearchSpace::Create(
      {CategoricalParam("act", {"relu", "tanh"}), FloatParam("d", 0, 0.5, false, 0.1)});
  ASSERT_TRUE(s.ok());
  const ParamSet p = {{"act", 1}, {"d", 0.3}};
  const std::vector<TrialParam> tp = s->ToTrialParams(p);
  ASSERT_EQ(tp.size(), 2u);
  EXPECT_EQ(tp[0].label, "tanh");
  EXPECT_EQ(s->FromTrialParams(tp), p);
  EXPECT_DOUBLE_EQ(s->params()[1].Snap(0.26), 0.3);
  EXPECT_DOUBLE_EQ(s->params()[1].Snap(9.0), 0.5);
  EXPECT_EQ(s->FormatValue(0, 0), "relu");
}

TEST(ParamTransformTest, UnitRoundTripOnLogAndIntParameters) {
  const ParamSpec lr = FloatParam("lr", 1e-4, 1.0, true);
  EXPECT_NEAR(ToUnit(lr, 1e-2), 0.5, 1e-12);
  EXPECT_NEAR(FromUnit(lr, 0.5), 1e-2, 1e-12);
  const ParamSpec k = IntParam("k", 1, 3);  // internal bounds [0.5, 3.5]
  EXPECT_NEAR(ToUnit(k, 2), 0.5, 1e-12);
  EXPECT_EQ(FromUnit(k, 0.0), 1);
  EXPECT_EQ(FromUnit(k, 0.99), 3);
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(k.Contains(RandomValue(k, rng)));
    const double v = RandomValue(lr, rng);
    EXPECT_TRUE(v >= 1e-4 && v <= 1.0);
  }
}

}  // namespace search_space_test
}  // namespace optiscope
