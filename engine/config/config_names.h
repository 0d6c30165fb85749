// The names a configuration may use for its enumerated fields (model types, optimizers, ...), in
// documentation order. ValidateExperimentConfig accepts exactly these; the CLI and GUI list them.
#pragma once

#include <string>
#include <vector>

namespace optiscope {

// data.synthetic.kind: the generator names (moons circles spirals blobs xor linear).
std::vector<std::string> SyntheticKinds();
const std::vector<std::string>& TaskNames();           // data.task
const std::vector<std::string>& MissingPolicyNames();  // data.missing
const std::vector<std::string>& ScalingNames();        // data.scaling
const std::vector<std::string>& ModelTypeNames();      // model.type
const std::vector<std::string>& ActivationNames();     // model.activation
const std::vector<std::string>& LossTypeNames();       // loss.type
// The loss.type names that fit one task ("auto" and "custom" fit both and are in neither).
bool IsRegressionLossType(const std::string& type);      // mse mae huber log_cosh
bool IsClassificationLossType(const std::string& type);  // cross_entropy bce hinge focal
const std::vector<std::string>& OptimizerTypeNames();    // optimizer.type
const std::vector<std::string>& ScheduleTypeNames();     // schedule.type

// True for the optimizers that need the whole objective at every step (L-BFGS: full batch, line
// search) rather than one gradient per mini-batch.
bool IsFullBatchOptimizer(const std::string& type);

}  // namespace optiscope
