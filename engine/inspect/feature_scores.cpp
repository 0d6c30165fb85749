#include "engine/inspect/feature_scores.h"

#include <algorithm>

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
  if (select.method == "kbest") return select.score;
  if (select.method == "none") return "anova";
  return select.method;
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
  auto scaling = ParseScaling(config.data.scaling);
  const bool minmax_for_chi2 =
      chosen == "chi2" && scaling.ok() && *scaling == Scaling::kStandardize;
  if (minmax_for_chi2) prepared_config.data.scaling = "minmax";
  // Variance scores the columns' own spread: standardized, every score would be 1.
  const bool unscaled_for_variance =
      chosen == "variance" && scaling.ok() && *scaling == Scaling::kStandardize;
  if (unscaled_for_variance) prepared_config.data.scaling = "none";
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
  options.method =
      chosen == "anova" || chosen == "chi2" || chosen == "mutual_info" ? "kbest" : chosen;
  options.score = options.method == "kbest" ? chosen : s.score;
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
