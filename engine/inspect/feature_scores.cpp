#include "engine/inspect/feature_scores.h"

#include <algorithm>
#include <optional>

#include "engine/data/preprocessing.h"
#include "engine/features/feature_extractor.h"
#include "engine/features/feature_selector.h"
#include "engine/train/prepared_splits.h"

namespace optiscope {

const std::vector<std::string>& SelectionScoreChoices() {
  static const std::vector<std::string> kChoices = {"anova",    "chi2", "mutual_info",
                                                    "variance", "rfe",  "l1"};
  return kChoices;
}

std::string SelectionChoiceOf(const FeaturesSelectConfig& select) {
  switch (select.method) {
    case SelectMethod::kKBest:
      return EnumName(select.score);
    case SelectMethod::kNone:
      return EnumName(SelectScore::kAnova);
    case SelectMethod::kVariance:
    case SelectMethod::kRfe:
    case SelectMethod::kL1:
      return EnumName(select.method);
  }
  return EnumName(SelectScore::kAnova);
}

Result<FeatureScores> ScoreFeatures(const ExperimentConfig& config, const std::string& choice) {
  const std::string chosen = choice.empty() ? SelectionChoiceOf(config.features.select) : choice;
  const auto& choices = SelectionScoreChoices();
  if (std::find(choices.begin(), choices.end(), chosen) == choices.end()) {
    return Status::InvalidArgument("feature scores: unknown selection \"" + chosen +
                                   "\" (expected anova, chi2, mutual_info, variance, rfe or l1)");
  }
  OPTISCOPE_RETURN_IF_ERROR(ValidateFeaturesConfig(config.features));
  // chi2 needs non-negative values: min-max scaling instead of standardize.
  ExperimentConfig prepared_config = config;
  const bool standardized = config.data.scaling == Scaling::kStandardize;
  const std::optional<SelectScore> score = EnumFromName<SelectScore>(chosen);
  const bool minmax_for_chi2 = score == SelectScore::kChi2 && standardized;
  if (minmax_for_chi2) prepared_config.data.scaling = Scaling::kMinMax;
  // Variance scores the columns' own spread: standardized, every score would be 1.
  const bool unscaled_for_variance =
      EnumFromName<SelectMethod>(chosen) == SelectMethod::kVariance && standardized;
  if (unscaled_for_variance) prepared_config.data.scaling = Scaling::kNone;
  // The targets keep their units: the scores see the data as the user gave it.
  PrepareOptions keep_units;
  keep_units.standardize_targets = false;
  auto data = PrepareSplits(prepared_config, keep_units);
  if (!data.ok()) return data.status();
  const TaskKind task = data->task;
  const Dataset& train = data->train;

  FeatureScores out;
  out.choice = chosen;
  out.dataset = data->dataset_name;
  out.train_rows = train.NumRows();
  if (minmax_for_chi2) {
    out.note = "chi2 needs non-negative values: min-max scaling used instead of standardize";
  }
  if (unscaled_for_variance) {
    out.note = "variance scores the unscaled columns (standardized, every variance is 1)";
  }

  const FeaturesExtractConfig& e = config.features.extract;
  FeatureExtractor extractor(ExtractorOptions{.method = e.method,
                                              .degree = e.degree,
                                              .interaction_only = e.interaction_only,
                                              .bins = e.bins,
                                              .strategy = e.strategy});
  OPTISCOPE_RETURN_IF_ERROR(extractor.Fit(train.X, data->feature_names));
  const Mat X = extractor.Transform(train.X);
  out.names = extractor.output_names();

  const FeaturesSelectConfig& s = config.features.select;
  SelectorOptions options;
  // A score name is kbest with that score; the other choices are selection methods.
  options.method = score ? SelectMethod::kKBest : EnumFromName<SelectMethod>(chosen).value();
  options.score = score.value_or(s.score);
  options.k = s.k;
  options.threshold = s.threshold;
  options.estimator = s.estimator;
  options.alpha = s.alpha;
  options.seed = config.features.seed;
  FeatureSelector selector(options);
  OPTISCOPE_RETURN_IF_ERROR(selector.Fit(X, train.y, task));
  out.scores = selector.scores();
  out.selected = selector.selected();
  out.ranking = RankByScore(out.scores);
  return out;
}

}  // namespace optiscope
