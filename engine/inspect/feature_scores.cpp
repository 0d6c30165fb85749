#include "engine/inspect/feature_scores.h"

#include <algorithm>

#include "engine/data/data_source.h"
#include "engine/data/preprocessing.h"
#include "engine/data/splits.h"
#include "engine/features/feature_extractor.h"
#include "engine/features/feature_selector.h"
#include "engine/train/configured_split.h"

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
  auto dataset = LoadDataset(config.data);
  if (!dataset.ok()) return dataset.status();
  const TaskKind task = dataset->task;
  auto split = MakeConfiguredSplit(config.data, *dataset);
  if (!split.ok()) return split.status();
  Dataset train = dataset->Subset(split->train);

  FeatureScores out;
  out.choice = chosen;
  out.dataset = dataset->name;
  out.train_rows = train.NumRows();
  Imputation imputation = Imputation::kMean;
  if (config.data.missing != "drop") {
    auto parsed = ParseImputation(config.data.missing);
    if (!parsed.ok()) return Status::InvalidArgument("data.missing: " + parsed.status().message());
    imputation = *parsed;
  }
  auto scaling = ParseScaling(config.data.scaling);
  if (!scaling.ok()) return Status::InvalidArgument("data.scaling: " + scaling.status().message());
  if (chosen == "chi2" && *scaling == Scaling::kStandardize) {
    *scaling = Scaling::kMinMax;
    out.note = "chi2 needs non-negative values: min-max scaling used instead of standardize";
  }
  Preprocessor preprocessor(imputation, *scaling);
  preprocessor.Fit(train.X);
  preprocessor.Transform(&train.X);

  const FeaturesExtractConfig& e = config.features.extract;
  FeatureExtractor extractor(ExtractorOptions{.method = e.method,
                                              .degree = e.degree,
                                              .interaction_only = e.interaction_only,
                                              .bins = e.bins,
                                              .strategy = e.strategy});
  OPTISCOPE_RETURN_IF_ERROR(extractor.Fit(train.X, dataset->feature_names));
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
