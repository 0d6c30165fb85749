// StrategyOptionsForm: the Search section's small form of a sampler's or pruner's options (the
// keys the engine's MakeStudySampler / MakePruner read), rebuilt when the chosen strategy changes.
#pragma once

#include <QWidget>
#include <string>
#include <vector>

#include "engine/core/status.h"

class QFormLayout;
class QLineEdit;

namespace optiscope::ui {

// One option a form shows: its JSON key (exactly the engine's), type, range and default (the
// engine option struct's in-class default).
struct StrategyOption {
  enum class Type { kInt, kDouble, kBool };
  std::string key;
  Type type = Type::kInt;
  double min = 0.0;
  double max = 1e6;
  double default_value = 0.0;
  const char* label = "";
  const char* tip = "";
};

// The options the form offers for sampler / pruner `name` (empty for one without a form).
std::vector<StrategyOption> SamplerFormOptions(const std::string& name);
std::vector<StrategyOption> PrunerFormOptions(const std::string& name);

// Shows the options of one strategy. An option is written to the JSON only when it was given
// (by SetStrategy's JSON or by the user editing it), so an untouched form leaves the engine's
// defaults exact. Keys the form does not show are kept verbatim in an "Other options" JSON field
// (never dropped; the engine rejects unknown ones with a message). GUI thread only.
class StrategyOptionsForm final : public QWidget {
  Q_OBJECT

 public:
  enum class Kind { kSampler, kPruner };
  StrategyOptionsForm(Kind kind, QWidget* parent = nullptr);

  // Shows strategy `name` with the options of the JSON object `options_json` (invalid JSON or a
  // non-object goes into the Other field as text so Options() reports it).
  void SetStrategy(const std::string& name, const std::string& options_json = "{}");
  // The options as a JSON object text. Errors: the Other field is not a JSON object, or sets a
  // key the form also sets.
  Result<std::string> Options() const;
  // The editor of option `key` (tests), or nullptr when the form does not show it.
  QWidget* Editor(const std::string& key) const;
  QLineEdit* other() const { return other_; }

 private:
  struct Row {
    StrategyOption option;
    QWidget* editor = nullptr;
    bool given = false;
  };
  void Clear();

  Kind kind_;
  std::string name_;
  QFormLayout* form_ = nullptr;
  QLineEdit* other_ = nullptr;
  std::vector<Row> rows_;
};

}  // namespace optiscope::ui
