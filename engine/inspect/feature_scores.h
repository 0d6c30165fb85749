// ScoreFeatures: the per-feature selection scores of an experiment's training split, for the
// Select mode's ranked bar chart — the same data, split, preprocessing and extraction as a
// training run (engine/train/experiment.cpp), then one FeatureSelector fit.
#pragma once

#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"

namespace optiscope {

// The scores of every column the selector saw, in column order, and what it kept.
struct FeatureScores {
  std::string choice;              // variance | anova | chi2 | mutual_info | rfe | l1
  std::string dataset;             // the dataset's name
  std::vector<std::string> names;  // the scored columns (the extractor's outputs)
  std::vector<double> scores;      // higher = more useful; NaN where undefined
  std::vector<int> ranking;        // column indices, best first (RankByScore)
  std::vector<int> selected;       // kept columns, ascending
  int train_rows = 0;
  std::string note;  // what was adapted, e.g. min-max scaling for chi2; empty otherwise
};

// The selection choices ScoreFeatures accepts, in display order.
const std::vector<std::string>& SelectionScoreChoices();

// The choice an experiment's features.select names ("anova" when it selects nothing).
std::string SelectionChoiceOf(const FeaturesSelectConfig& select);

// Loads config.data, splits it as RunExperiment does, fits imputation and scaling on the training
// rows (min-max instead of standardize for chi2, which needs non-negative values; `note` says
// so), applies config.features.extract, and fits a FeatureSelector for `choice` (empty: the
// config's own selection) with the config's k / threshold / estimator / alpha / seed.
// InvalidArgument for an unknown choice or a score that does not fit the task; the data errors
// of LoadDataset / MakeHoldoutSplit otherwise.
Result<FeatureScores> ScoreFeatures(const ExperimentConfig& config, const std::string& choice = "");

}  // namespace optiscope
