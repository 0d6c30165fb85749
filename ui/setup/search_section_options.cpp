#include "ui/setup/search_section_options.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <climits>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/search/cmaes_sampler.h"
#include "engine/search/gp_sampler.h"
#include "engine/search/grid_sampler.h"
#include "engine/search/hyperband_pruner.h"
#include "engine/search/nsga2_sampler.h"
#include "engine/search/percentile_pruner.h"
#include "engine/search/successive_halving_pruner.h"
#include "engine/search/tpe_sampler.h"

namespace optiscope::ui {
namespace {

using Type = StrategyOption::Type;
using Json = nlohmann::ordered_json;

constexpr double kIntMax = 1e6;

StrategyOption Int(std::string key, double min, double max, double def, const char* label,
                   const char* tip) {
  return {std::move(key), Type::kInt, min, max, def, label, tip};
}
StrategyOption Double(std::string key, double min, double max, double def, const char* label,
                      const char* tip) {
  return {std::move(key), Type::kDouble, min, max, def, label, tip};
}
StrategyOption Bool(std::string key, bool def, const char* label, const char* tip) {
  return {std::move(key), Type::kBool, 0, 1, def ? 1.0 : 0.0, label, tip};
}

}  // namespace

std::vector<StrategyOption> SamplerFormOptions(const std::string& name) {
  if (name == "tpe") {
    const TpeOptions d;
    return {Int("n_startup_trials", 0, kIntMax, d.n_startup_trials, "Startup trials",
                "Random trials before TPE models the history"),
            Bool("multivariate", d.multivariate, "Multivariate",
                 "One joint density over the parameters instead of one per parameter"),
            Double("gamma_fraction", 1e-6, 1.0, d.gamma_fraction, "Gamma",
                   "Fraction of the trials that form the 'good' density: "
                   "gamma(n) = min(ceil(gamma * n), gamma_max)"),
            Int("n_ei_candidates", 1, 100000, d.n_ei_candidates, "EI candidates",
                "Candidates drawn from the good density and scored per parameter")};
  }
  if (name == "gp") {
    const GpOptions d;
    return {Int("n_startup_trials", 1, kIntMax, d.n_startup_trials, "Startup trials",
                "Random trials before the Gaussian process is fitted")};
  }
  if (name == "cmaes") {
    const CmaEsOptions d;
    return {Double("sigma0", 1e-6, 1.0, d.sigma0, "Sigma0",
                   "Initial step size in the unit cube (1/6 of each range by default)"),
            Int("n_startup_trials", 0, kIntMax, d.n_startup_trials, "Startup trials",
                "Random trials before CMA-ES takes over")};
  }
  if (name == "nsga2") {
    const Nsga2Options d;
    return {
        Int("population_size", 2, 100000, d.population_size, "Population", "Trials per generation"),
        Double("crossover_prob", 0.0, 1.0, d.crossover_prob, "Crossover prob.",
               "Chance a child mixes two parents (else it copies one)"),
        Double("swapping_prob", 0.0, 1.0, d.swapping_prob, "Swapping prob.",
               "Uniform crossover: chance to take each gene from the second parent")};
  }
  if (name == "grid") {
    const GridOptions d;
    return {Int("resolution", 1, 1000, d.resolution, "Resolution",
                "Grid points per continuous parameter (a step, when set, wins)")};
  }
  return {};
}

std::vector<StrategyOption> PrunerFormOptions(const std::string& name) {
  if (name == "median" || name == "percentile") {
    const PercentileOptions d;
    std::vector<StrategyOption> out;
    if (name == "percentile") {
      out.push_back(Double("percentile", 0.0, 100.0, 25.0, "Percentile",
                           "Prune a trial worse than this percentile of the others at the same "
                           "step"));
    }
    out.push_back(Int("n_startup_trials", 0, kIntMax, d.n_startup_trials, "Startup trials",
                      "No pruning until this many trials completed"));
    out.push_back(Int("n_warmup_steps", 0, kIntMax, d.n_warmup_steps, "Warm-up steps",
                      "No pruning at steps (epochs) below this"));
    return out;
  }
  if (name == "successive_halving") {
    const SuccessiveHalvingOptions d;
    return {Int("min_resource", 0, kIntMax, d.min_resource, "Min resource",
                "Steps (epochs) before the first rung; 0 = automatic"),
            Int("reduction_factor", 2, 100, d.reduction_factor, "Reduction factor",
                "Keep the best 1/factor of the trials at each rung")};
  }
  if (name == "hyperband") {
    const HyperbandOptions d;
    return {Int("min_resource", 1, kIntMax, d.min_resource, "Min resource",
                "Steps (epochs) of the smallest bracket's first rung"),
            Int("max_resource", 0, kIntMax, d.max_resource, "Max resource",
                "Steps of a full trial; 0 = the first complete trial's"),
            Int("reduction_factor", 2, 100, d.reduction_factor, "Reduction factor",
                "Keep the best 1/factor of the trials at each rung")};
  }
  return {};
}

StrategyOptionsForm::StrategyOptionsForm(Kind kind, QWidget* parent)
    : QWidget(parent), kind_(kind) {
  form_ = new QFormLayout(this);
  form_->setContentsMargins(12, 0, 0, 0);
  other_ = new QLineEdit(this);
  other_->setObjectName(kind == Kind::kSampler ? "samplerOtherOptions" : "prunerOtherOptions");
  other_->setPlaceholderText("{}");
  other_->setToolTip(
      tr("Further options as a JSON object, e.g. {\"n_ei_candidates\": 48} "
         "(docs/study.md lists every option; unknown ones are reported)"));
  form_->addRow(tr("Other options"), other_);
}

void StrategyOptionsForm::Clear() {
  for (Row& row : rows_) form_->removeRow(row.editor);  // deletes the editor and its label
  rows_.clear();
}

void StrategyOptionsForm::SetStrategy(const std::string& name, const std::string& options_json) {
  Clear();
  name_ = name;
  const std::vector<StrategyOption> options =
      kind_ == Kind::kSampler ? SamplerFormOptions(name) : PrunerFormOptions(name);
  Json given = Json::parse(options_json, nullptr, /*allow_exceptions=*/false);
  const bool object = given.is_object();
  rows_.reserve(options.size());
  for (const StrategyOption& o : options) {
    Row row{o, nullptr, false};
    const Json* value = nullptr;
    if (object) {
      if (auto it = given.find(o.key); it != given.end()) value = &*it;
    }
    const bool usable =
        value != nullptr && (o.type == Type::kBool ? value->is_boolean() : value->is_number());
    if (o.type == Type::kBool) {
      auto* box = new QCheckBox(this);
      box->setChecked(usable ? value->get<bool>() : o.default_value != 0.0);
      row.editor = box;
    } else if (o.type == Type::kInt) {
      auto* spin = new QSpinBox(this);
      spin->setRange(static_cast<int>(o.min), static_cast<int>(std::min<double>(o.max, INT_MAX)));
      spin->setValue(usable ? value->get<int>() : static_cast<int>(o.default_value));
      row.editor = spin;
    } else {
      auto* spin = new QDoubleSpinBox(this);
      spin->setDecimals(6);
      spin->setRange(o.min, o.max);
      spin->setSingleStep(o.max <= 1.0 ? 0.01 : 1.0);
      spin->setValue(usable ? value->get<double>() : o.default_value);
      row.editor = spin;
    }
    row.given = usable;
    if (usable) given.erase(o.key);
    row.editor->setObjectName(QString::fromStdString(o.key));
    row.editor->setToolTip(tr(o.tip));
    rows_.push_back(row);
  }
  for (size_t i = 0; i < rows_.size(); ++i) {
    QWidget* e = rows_[i].editor;
    form_->insertRow(static_cast<int>(i), tr(rows_[i].option.label), e);
    auto mark = [this, i] { rows_[i].given = true; };
    if (auto* b = qobject_cast<QCheckBox*>(e)) connect(b, &QCheckBox::toggled, this, mark);
    if (auto* s = qobject_cast<QSpinBox*>(e)) connect(s, &QSpinBox::valueChanged, this, mark);
    if (auto* d = qobject_cast<QDoubleSpinBox*>(e)) {
      connect(d, &QDoubleSpinBox::valueChanged, this, mark);
    }
  }
  if (!object) {
    other_->setText(QString::fromStdString(options_json));
  } else {
    other_->setText(given.empty() ? QString() : QString::fromStdString(given.dump()));
  }
}

Result<std::string> StrategyOptionsForm::Options() const {
  const QString what = kind_ == Kind::kSampler ? tr("sampler") : tr("pruner");
  Json out = Json::object();
  for (const Row& row : rows_) {
    if (!row.given) continue;
    if (auto* b = qobject_cast<QCheckBox*>(row.editor)) {
      out[row.option.key] = b->isChecked();
    } else if (auto* s = qobject_cast<QSpinBox*>(row.editor)) {
      out[row.option.key] = s->value();
    } else if (auto* d = qobject_cast<QDoubleSpinBox*>(row.editor)) {
      out[row.option.key] = d->value();
    }
  }
  const std::string text = other_->text().trimmed().toStdString();
  if (!text.empty()) {
    Json other = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!other.is_object()) {
      return Status::InvalidArgument(
          tr("%1 '%2': other options must be a JSON object like {\"key\": 1}, got '%3'")
              .arg(what, QString::fromStdString(name_), QString::fromStdString(text))
              .toStdString());
    }
    for (auto it = other.begin(); it != other.end(); ++it) {
      if (out.contains(it.key())) {
        return Status::InvalidArgument(
            tr("%1 '%2': option '%3' is set both in the form and in other options")
                .arg(what, QString::fromStdString(name_), QString::fromStdString(it.key()))
                .toStdString());
      }
      out[it.key()] = it.value();
    }
  }
  return out.dump();
}

QWidget* StrategyOptionsForm::Editor(const std::string& key) const {
  for (const Row& row : rows_) {
    if (row.option.key == key) return row.editor;
  }
  return nullptr;
}

}  // namespace optiscope::ui
