// RaceProblem: the one model, loss, data split and initial weights every racer of an optimizer
// race shares — prepared once, read concurrently by all racers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/losses/loss.h"
#include "engine/models/differentiable_model.h"
#include "engine/train/metrics.h"

namespace optiscope {

// Immutable after PrepareRaceProblem: the model and loss are stateless, so racers on different
// threads share it (each with its own parameters and workspaces).
struct RaceProblem {
  TaskKind task = TaskKind::kClassification;
  Dataset train, validation;     // preprocessed as RunExperiment does (test rows are held out)
  TargetScaling target_scaling;  // regression targets standardised on the training rows
  std::unique_ptr<DifferentiableModel> model;
  std::unique_ptr<Loss> loss;
  std::vector<Scalar> initial_params;  // model.Initialize with Rng(training.seed).Fork(0)
  std::string description;             // "moons: mlp 2-16-16-2 relu"
  int num_classes = 0;                 // classification: class count
};

// Loads, splits and preprocesses the data of `config` exactly like RunExperiment (so a racer with
// the same optimizer reproduces `optiscope-cli train`), builds the model and loss and draws the
// initial weights. Errors as RunExperiment's (bad config, data not found, ...).
Result<RaceProblem> PrepareRaceProblem(const ExperimentConfig& config);

}  // namespace optiscope
