// The names a configuration may use for its enumerated fields (model types, optimizers, ...), in
// documentation order: the name tables of config_enums.h, as lists for the CLI and the GUI.
// ValidateExperimentConfig accepts exactly these; the JSON reader converts them to the enums.
#pragma once

#include <string>
#include <vector>

#include "engine/config/config_enums.h"

namespace optiscope {

// data.synthetic.kind: the generator names (moons circles spirals blobs xor linear).
const std::vector<std::string>& SyntheticKinds();
const std::vector<std::string>& TaskNames();           // data.task
const std::vector<std::string>& MissingPolicyNames();  // data.missing
const std::vector<std::string>& ScalingNames();        // data.scaling
const std::vector<std::string>& ModelTypeNames();      // model.type
const std::vector<std::string>& ActivationNames();     // model.activation
const std::vector<std::string>& LossTypeNames();       // loss.type
// The loss types that fit one task (auto and custom fit both and are in neither).
bool IsRegressionLossType(LossType type);              // mse mae huber log_cosh
bool IsClassificationLossType(LossType type);          // cross_entropy bce hinge focal
const std::vector<std::string>& OptimizerTypeNames();  // optimizer.type
const std::vector<std::string>& ScheduleTypeNames();   // schedule.type

// True for the optimizers that need the whole objective at every step (L-BFGS: full batch, line
// search) rather than one gradient per mini-batch.
bool IsFullBatchOptimizer(OptimizerType type);

}  // namespace optiscope
