// The name tables of the configuration's enums (config_enums.h): every value round-trips
// name -> value -> name, unknown names are errors naming the field and the choices, and every
// choice of every enumerated field survives --set and the JSON form.
#include "engine/config/config_enums.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/config_schema.h"

namespace optiscope {
namespace config_enums_test {

template <class E>
void ExpectTableRoundTrips() {
  const std::vector<std::string>& names = EnumNames<E>();
  const auto values = EnumValues<E>();
  ASSERT_EQ(names.size(), values.size());
  ASSERT_FALSE(names.empty());
  std::set<std::string> seen;
  for (size_t i = 0; i < values.size(); ++i) {
    const E value = values[i];
    const std::string& name = EnumName(value);
    SCOPED_TRACE(name);
    EXPECT_EQ(static_cast<size_t>(value), i);  // the lookups index the table by value
    EXPECT_EQ(name, names[i]);
    EXPECT_TRUE(seen.insert(name).second) << "duplicate name";
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string::npos);
    ASSERT_TRUE(EnumFromName<E>(name).has_value());
    EXPECT_EQ(*EnumFromName<E>(name), value);
    EXPECT_EQ(EnumName(*EnumFromName<E>(name)), name);
  }
  EXPECT_FALSE(EnumFromName<E>("").has_value());
  EXPECT_FALSE(EnumFromName<E>(names[0] + "x").has_value());
  EXPECT_EQ(EnumName(static_cast<E>(values.size())), "?");  // a bad cast is not read past the end
}

template <class... E>
void ExpectTablesRoundTrip() {
  (ExpectTableRoundTrips<E>(), ...);
}

TEST(ConfigEnumsTest, EveryValueRoundTripsNameValueName) {
  ExpectTablesRoundTrip<SyntheticKind, TaskChoice, MissingPolicy, Scaling, ModelType, Activation,
                        LossType, EarlyStoppingMonitor, OptimizerType, ScheduleType, ExtractMethod,
                        BinStrategy, SelectMethod, SelectScore, RfeEstimator, ReduceMethod,
                        PcaSolver, PcaKernel>();
}

TEST(ConfigEnumsTest, NameListsAreTheTables) {
  EXPECT_EQ(SyntheticKinds(), EnumNames<SyntheticKind>());
  EXPECT_EQ(TaskNames(), EnumNames<TaskChoice>());
  EXPECT_EQ(MissingPolicyNames(), EnumNames<MissingPolicy>());
  EXPECT_EQ(ScalingNames(), EnumNames<Scaling>());
  EXPECT_EQ(ModelTypeNames(), EnumNames<ModelType>());
  EXPECT_EQ(ActivationNames(), EnumNames<Activation>());
  EXPECT_EQ(LossTypeNames(), EnumNames<LossType>());
  EXPECT_EQ(OptimizerTypeNames(), EnumNames<OptimizerType>());
  EXPECT_EQ(ScheduleTypeNames(), EnumNames<ScheduleType>());
  EXPECT_EQ(ScheduleTypeNames(),
            (std::vector<std::string>{"constant", "step", "exponential", "cosine", "warmup",
                                      "one_cycle", "plateau"}));
}

TEST(ConfigEnumsTest, UnknownNameNamesTheFieldTheValueAndTheChoices) {
  const Result<OptimizerType> typo = ParseEnum<OptimizerType>("adamm", "optimizer.type");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(typo.status().message(),
            "optimizer.type: \"adamm\" is not one of gd, sgd, momentum, nesterov, adagrad, "
            "rmsprop, adam, amsgrad, adamw, nadam, lbfgs, sgd_hd, adam_hd (did you mean "
            "\"adam\"?)");
  EXPECT_EQ(ParseEnum<BinStrategy>("zzzzzz", "features.extract.strategy").status().message(),
            "features.extract.strategy: \"zzzzzz\" is not one of uniform, quantile");
  EXPECT_EQ(*ParseEnum<Scaling>("minmax", "data.scaling"), Scaling::kMinMax);
}

// Every field the schema marks as a choice lists its enum's names, and every one of them reads
// in through --set and back out of the JSON form unchanged.
TEST(ConfigEnumsTest, EveryChoiceOfEveryFieldSurvivesSetAndJson) {
  int choice_fields = 0;
  for (const ConfigField& field : ConfigSchema()) {
    if (field.spec.kind != FieldKind::kChoice) continue;
    ++choice_fields;
    ASSERT_FALSE(field.spec.choices.empty()) << field.spec.name;
    for (const std::string& name : field.spec.choices) {
      SCOPED_TRACE(field.spec.name + "=" + name);
      ExperimentConfig c;
      ASSERT_TRUE(SetConfigFieldText(&c, field.spec.name, name).ok());
      EXPECT_EQ(std::get<std::string>(GetConfigField(c, field)), name);
      // What a valid configuration with that choice needs besides it.
      if (c.loss.type == LossType::kCustom) c.loss.expression = "abs(p - y)";
      if (field.spec.name == "optimizer.type")
        c.optimizer = DefaultOptimizerConfig(c.optimizer.type);
      const std::string json = WriteExperimentConfig(c);
      EXPECT_NE(json.find("\"" + field.key + "\": \"" + name + "\""), std::string::npos);
      const Result<ExperimentConfig> back = ParseExperimentConfig(json);
      ASSERT_TRUE(back.ok()) << back.status().message();
      EXPECT_TRUE(*back == c);
    }
    ExperimentConfig c;
    const Status bad = SetConfigFieldText(&c, field.spec.name, "no_such_name");
    EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(bad.message().rfind(
                  field.spec.name + ": \"no_such_name\" is not one of " + field.spec.choices[0], 0),
              0u)
        << bad.message();
  }
  EXPECT_EQ(choice_fields, 18);
}

}  // namespace config_enums_test
}  // namespace optiscope
