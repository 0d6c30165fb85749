// The field tables of the configuration JSON: for each section, every field's JSON name and the
// struct member it maps to. Internal to config_json.cpp (writing and parsing share them, so a field
// cannot be written without being read back).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/config/experiment_config.h"

namespace optiscope::config_internal {

template <class S>
using Member = std::variant<std::string S::*, double S::*, int S::*, uint64_t S::*, bool S::*,
                            std::vector<int> S::*, ClassWeights S::*>;

template <class S>
struct Field {
  const char* name;
  Member<S> member;
};

template <class S>
using Fields = std::vector<Field<S>>;

inline const Fields<SyntheticOptions>& SyntheticFields() {
  using S = SyntheticOptions;
  static const Fields<S> f = {{"kind", &S::kind},       {"n", &S::n},
                              {"noise", &S::noise},     {"seed", &S::seed},
                              {"classes", &S::classes}, {"features", &S::features}};
  return f;
}

inline const Fields<DataConfig>& DataFields() {
  using S = DataConfig;
  static const Fields<S> f = {{"source", &S::source},
                              {"target", &S::target},
                              {"task", &S::task},
                              {"missing", &S::missing},
                              {"scaling", &S::scaling},
                              {"validation_fraction", &S::validation_fraction},
                              {"test_fraction", &S::test_fraction},
                              {"stratify", &S::stratify},
                              {"split_seed", &S::split_seed}};
  return f;
}

inline const Fields<ModelConfig>& ModelFields() {
  using S = ModelConfig;
  static const Fields<S> f = {{"type", &S::type},
                              {"hidden", &S::hidden},
                              {"activation", &S::activation},
                              {"dropout", &S::dropout},
                              {"negative_slope", &S::negative_slope}};
  return f;
}

inline const Fields<LossConfig>& LossFields() {
  using S = LossConfig;
  static const Fields<S> f = {{"type", &S::type},
                              {"huber_delta", &S::huber_delta},
                              {"focal_gamma", &S::focal_gamma},
                              {"focal_alpha", &S::focal_alpha},
                              {"label_smoothing", &S::label_smoothing},
                              {"class_weights", &S::class_weights},
                              {"expression", &S::expression}};
  return f;
}

inline const Fields<RegularizationConfig>& RegularizationFields() {
  using S = RegularizationConfig;
  static const Fields<S> f = {{"l2", &S::l2},
                              {"l1", &S::l1},
                              {"clip_grad_norm", &S::clip_grad_norm},
                              {"clip_grad_value", &S::clip_grad_value},
                              {"early_stopping_patience", &S::early_stopping_patience},
                              {"early_stopping_min_delta", &S::early_stopping_min_delta},
                              {"early_stopping_monitor", &S::early_stopping_monitor}};
  return f;
}

inline const Fields<OptimizerConfig>& OptimizerFields() {
  using S = OptimizerConfig;
  static const Fields<S> f = {{"type", &S::type},
                              {"lr", &S::lr},
                              {"momentum", &S::momentum},
                              {"dampening", &S::dampening},
                              {"nesterov", &S::nesterov},
                              {"beta1", &S::beta1},
                              {"beta2", &S::beta2},
                              {"eps", &S::eps},
                              {"weight_decay", &S::weight_decay},
                              {"amsgrad", &S::amsgrad},
                              {"alpha", &S::alpha},
                              {"centered", &S::centered},
                              {"lr_decay", &S::lr_decay},
                              {"initial_accumulator", &S::initial_accumulator},
                              {"momentum_decay", &S::momentum_decay},
                              {"hypergrad_beta", &S::hypergrad_beta},
                              {"history_size", &S::history_size}};
  return f;
}

inline const Fields<ScheduleConfig>& ScheduleFields() {
  using S = ScheduleConfig;
  static const Fields<S> f = {{"type", &S::type},
                              {"step_size", &S::step_size},
                              {"gamma", &S::gamma},
                              {"eta_min", &S::eta_min},
                              {"warmup_epochs", &S::warmup_epochs},
                              {"start_factor", &S::start_factor},
                              {"max_lr", &S::max_lr},
                              {"pct_start", &S::pct_start},
                              {"div_factor", &S::div_factor},
                              {"final_div_factor", &S::final_div_factor},
                              {"cycle_momentum", &S::cycle_momentum},
                              {"base_momentum", &S::base_momentum},
                              {"max_momentum", &S::max_momentum},
                              {"factor", &S::factor},
                              {"patience", &S::patience},
                              {"threshold", &S::threshold}};
  return f;
}

inline const Fields<TrainingConfig>& TrainingFields() {
  using S = TrainingConfig;
  static const Fields<S> f = {
      {"epochs", &S::epochs}, {"batch_size", &S::batch_size}, {"seed", &S::seed},
      {"projection_every", &S::projection_every}};
  return f;
}

inline const Fields<FeaturesConfig>& FeaturesFields() {
  static const Fields<FeaturesConfig> f = {{"seed", &FeaturesConfig::seed}};
  return f;
}

inline const Fields<FeaturesExtractConfig>& FeaturesExtractFields() {
  using S = FeaturesExtractConfig;
  static const Fields<S> f = {{"method", &S::method},
                              {"degree", &S::degree},
                              {"interaction_only", &S::interaction_only},
                              {"bins", &S::bins},
                              {"strategy", &S::strategy}};
  return f;
}

inline const Fields<FeaturesSelectConfig>& FeaturesSelectFields() {
  using S = FeaturesSelectConfig;
  static const Fields<S> f = {{"method", &S::method},       {"score", &S::score},
                              {"k", &S::k},                 {"threshold", &S::threshold},
                              {"estimator", &S::estimator}, {"alpha", &S::alpha}};
  return f;
}

inline const Fields<FeaturesPcaConfig>& FeaturesPcaFields() {
  using S = FeaturesPcaConfig;
  static const Fields<S> f = {{"method", &S::method}, {"n_components", &S::n_components},
                              {"solver", &S::solver}, {"whiten", &S::whiten},
                              {"kernel", &S::kernel}, {"gamma", &S::gamma},
                              {"degree", &S::degree}, {"coef0", &S::coef0},
                              {"landmarks", &S::landmarks}};
  return f;
}

// The keys of the top level, in file order.
inline const std::vector<std::string>& TopLevelKeys() {
  static const std::vector<std::string> keys = {"version",   "name",     "data",
                                                "model",     "loss",     "regularization",
                                                "optimizer", "schedule", "training",
                                                "features"};
  return keys;
}

}  // namespace optiscope::config_internal
