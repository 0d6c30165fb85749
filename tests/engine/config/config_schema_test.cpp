// The field schema (config_schema.h): it covers exactly the JSON form, every field survives a
// round trip through JSON when set from command-line text, and validation messages come from the
// spec (path, value, allowed range) -- the same message from the update-rule factory.
#include "engine/config/config_schema.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/config/config_json.h"
#include "engine/optim/update_rule.h"

namespace optiscope {
namespace config_schema_test {

void Leaves(const nlohmann::json& j, const std::string& path, std::set<std::string>* out) {
  if (j.is_object() && path != "model.params") {
    for (const auto& [key, value] : j.items()) {
      Leaves(value, path.empty() ? key : path + "." + key, out);
    }
  } else if (path != "model.params") {
    out->insert(path);
  }
}

TEST(ConfigSchemaTest, CoversExactlyTheFieldsOfTheJsonForm) {
  std::set<std::string> written;
  Leaves(nlohmann::json::parse(WriteExperimentConfig(ExperimentConfig{})), "", &written);
  std::set<std::string> described;
  for (const ConfigField& f : ConfigSchema()) {
    EXPECT_TRUE(described.insert(f.spec.name).second) << f.spec.name << " listed twice";
    EXPECT_FALSE(f.spec.help.empty()) << f.spec.name << " has no help";
    EXPECT_EQ(FindConfigField(f.spec.name), &f);
    EXPECT_TRUE(ValidateParamValue(f.spec, f.spec.default_value, f.spec.name).ok())
        << f.spec.name << ": the default is outside the field's own range";
  }
  EXPECT_EQ(described, written);
  EXPECT_EQ(FindConfigField("optimizer.lrr"), nullptr);
}

// Text candidates for a value other than the default that the field accepts.
std::vector<std::string> Candidates(const FieldSpec& s) {
  switch (s.kind) {
    case FieldKind::kChoice:
      return {s.choices.rbegin(), s.choices.rend()};
    case FieldKind::kBool:
      return {"true", "false"};
    case FieldKind::kText:
      return {"edited"};
    case FieldKind::kIntList:
      return {"[7, 3]"};
    case FieldKind::kClassWeights:
      return {"balanced"};
    default: {
      std::vector<std::string> out;
      const double lo = std::isfinite(s.min) ? s.min : -2;
      for (double v : {lo + 3, lo + 5, lo + 0.5, lo + 0.25, 0.5, 0.75}) {
        if (std::isfinite(s.max) && v > s.max) continue;
        char text[32];
        std::snprintf(text, sizeof(text), "%.10g", v);
        out.push_back(text);
      }
      return out;
    }
  }
}

TEST(ConfigSchemaTest, EveryFieldSetFromTextRoundTripsThroughJson) {
  for (const ConfigField& f : ConfigSchema()) {
    if (f.spec.name == "version") continue;  // one accepted value
    bool tried = false;
    for (const std::string& text : Candidates(f.spec)) {
      ExperimentConfig c;
      if (!SetConfigFieldText(&c, f.spec.name, text).ok()) continue;  // 3.5 for an integer
      if (c == ExperimentConfig{} || !ValidateExperimentConfig(c).ok()) continue;
      tried = true;
      if (f.spec.kind != FieldKind::kBool) {
        EXPECT_EQ(FormatParamValue(GetConfigField(c, f)), text == "[7, 3]" ? "7,3" : text)
            << f.spec.name;
      }
      Result<ExperimentConfig> back = ParseExperimentConfig(WriteExperimentConfig(c));
      ASSERT_TRUE(back.ok()) << f.spec.name << ": " << back.status().message();
      EXPECT_EQ(*back, c) << f.spec.name << "=" << text << " did not survive the trip";
      break;
    }
    EXPECT_TRUE(tried) << f.spec.name << ": no candidate value was valid and not the default";
  }
}

TEST(ConfigSchemaTest, SetTextReadsArraysWordsAndNamesBadOnes) {
  ExperimentConfig c;
  ASSERT_TRUE(SetConfigFieldText(&c, "model.hidden", "[32,16]").ok());
  EXPECT_EQ(c.model.hidden, (std::vector<int>{32, 16}));
  ASSERT_TRUE(SetConfigFieldText(&c, "model.hidden", "8, 4 ,2").ok());
  EXPECT_EQ(c.model.hidden, (std::vector<int>{8, 4, 2}));
  ASSERT_TRUE(SetConfigFieldText(&c, "model.hidden", "[]").ok());
  EXPECT_TRUE(c.model.hidden.empty());
  ASSERT_TRUE(SetConfigFieldText(&c, "loss.class_weights", "balanced").ok());
  EXPECT_TRUE(c.loss.class_weights.balanced);
  ASSERT_TRUE(SetConfigFieldText(&c, "loss.class_weights", "[1, 2.5]").ok());
  EXPECT_EQ(c.loss.class_weights, (ClassWeights{.balanced = false, .values = {1.0, 2.5}}));
  ASSERT_TRUE(SetConfigFieldText(&c, "optimizer.nesterov", "true").ok());
  EXPECT_TRUE(c.optimizer.nesterov);
  ASSERT_TRUE(SetConfigFieldText(&c, "data.split_seed", "18446744073709551615").ok());
  EXPECT_EQ(c.data.split_seed, 18446744073709551615ull);

  EXPECT_EQ(SetConfigFieldText(&c, "model.hidden", "[32,x]").message(),
            "model.hidden: expected whole numbers such as [32,16], got '[32,x]'");
  EXPECT_EQ(SetConfigFieldText(&c, "training.epochs", "2.5").message(),
            "training.epochs: expected a whole number, got '2.5'");
  EXPECT_EQ(SetConfigFieldText(&c, "optimizer.lr", "fast").message(),
            "optimizer.lr: expected a number, got 'fast'");
  const Status unknown = SetConfigFieldText(&c, "optimizer.lrr", "1");
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.message(), "optimizer.lrr: no such field (did you mean \"optimizer.lr\"?)");
}

// Every bounded number field just outside its range gets the spec's one message.
TEST(ConfigSchemaTest, ValidationMessagesComeFromTheSpec) {
  int checked = 0;
  for (const ConfigField& f : ConfigSchema()) {
    const FieldSpec& s = f.spec;
    if ((s.kind != FieldKind::kFloat && s.kind != FieldKind::kInt) || !std::isfinite(s.min) ||
        f.ref.index() == 3 || s.name == "version") {
      continue;  // unbounded, unsigned (cannot go below 0) or the schema version
    }
    ExperimentConfig c;
    const double bad = s.min_open ? s.min : s.min - 1;
    ASSERT_TRUE(SetConfigFieldText(&c, s.name, FormatNumber(bad)).ok()) << s.name;
    const Status status = ValidateExperimentConfig(c);
    const std::string expected = s.name + ": must be ";
    EXPECT_EQ(status.message().rfind(expected, 0), 0u) << status.message();
    EXPECT_NE(status.message().find(", got " + FormatNumber(bad)), std::string::npos)
        << status.message();
    ++checked;
  }
  EXPECT_GT(checked, 50);

  ExperimentConfig c;
  c.optimizer.alpha = 1.5;
  EXPECT_EQ(ValidateExperimentConfig(c).message(), "optimizer.alpha: must be in [0, 1], got 1.5");
  c = ExperimentConfig{};
  c.loss.focal_alpha = 2;
  EXPECT_EQ(ValidateExperimentConfig(c).message(),
            "loss.focal_alpha: must be <= 1 (negative = off), got 2");
  c = ExperimentConfig{};
  c.loss.class_weights.values = {1.0, -0.5};
  EXPECT_EQ(ValidateExperimentConfig(c).message(),
            "loss.class_weights[1]: must be >= 0, got -0.5");
  c = ExperimentConfig{};
  EXPECT_EQ(SetConfigFieldText(&c, "features.pca.kernel", "rbff").message(),
            "features.pca.kernel: \"rbff\" is not one of rbf, poly, sigmoid, cosine, linear (did "
            "you mean \"rbf\"?)");
  c.features.pca.kernel = static_cast<PcaKernel>(9);  // a bad cast: named, not indexed past the end
  EXPECT_EQ(ValidateExperimentConfig(c).message(),
            "features.pca.kernel: \"?\" is not one of rbf, poly, sigmoid, cosine, linear");
}

// The update-rule factory has no checks of its own: a bad value gets the configuration's message.
TEST(ConfigSchemaTest, UpdateRuleFactoryReportsTheSameMessage) {
  const std::vector<std::function<void(OptimizerConfig&)>> edits = {
      [](OptimizerConfig& o) { o.lr = -1; },
      [](OptimizerConfig& o) { o.beta2 = 1; },
      [](OptimizerConfig& o) { o.weight_decay = -0.1; },
      [](OptimizerConfig& o) {
        o = DefaultOptimizerConfig(OptimizerType::kRmsprop);
        o.alpha = 2;
      },
      [](OptimizerConfig& o) {
        o = DefaultOptimizerConfig(OptimizerType::kSgd);
        o.momentum = 0.9;
        o.nesterov = true;
        o.dampening = 0.5;
      },
  };
  for (const auto& edit : edits) {
    ExperimentConfig c;
    edit(c.optimizer);
    const Status config_status = ValidateExperimentConfig(c);
    ASSERT_FALSE(config_status.ok());
    auto rule = MakeUpdateRule(c.optimizer);
    ASSERT_FALSE(rule.ok());
    EXPECT_EQ(rule.status().message(), config_status.message());
  }
}

// Files keep their meaning and their text: every example configuration loads, and writing it back
// gives every value the file states at the same path, in the same JSON form (same strings).
TEST(ConfigSchemaTest, ExampleConfigurationsKeepTheirValuesThroughATrip) {
  const std::filesystem::path dir =
      std::filesystem::path(OPTISCOPE_SOURCE_DIR) / "resources" / "examples";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name.rfind("study_", 0) == 0) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    Result<ExperimentConfig> c = ParseExperimentConfig(text.str(), name);
    ASSERT_TRUE(c.ok()) << c.status().message();
    const nlohmann::json written = nlohmann::json::parse(WriteExperimentConfig(*c));
    nlohmann::json original = nlohmann::json::parse(text.str());
    original.erase("result");
    const nlohmann::json patch = nlohmann::json::diff(original, written);
    for (const nlohmann::json& op : patch) {
      EXPECT_EQ(op["op"], "add") << name << ": " << op.dump();  // only defaults are added
    }
    ++count;
  }
  EXPECT_GE(count, 4);
}

}  // namespace config_schema_test
}  // namespace optiscope
