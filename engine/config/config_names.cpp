#include "engine/config/config_names.h"

namespace optiscope {

const std::vector<std::string>& SyntheticKinds() { return EnumNames<SyntheticKind>(); }
const std::vector<std::string>& TaskNames() { return EnumNames<TaskChoice>(); }
const std::vector<std::string>& MissingPolicyNames() { return EnumNames<MissingPolicy>(); }
const std::vector<std::string>& ScalingNames() { return EnumNames<Scaling>(); }
const std::vector<std::string>& ModelTypeNames() { return EnumNames<ModelType>(); }
const std::vector<std::string>& ActivationNames() { return EnumNames<Activation>(); }
const std::vector<std::string>& LossTypeNames() { return EnumNames<LossType>(); }
const std::vector<std::string>& OptimizerTypeNames() { return EnumNames<OptimizerType>(); }
const std::vector<std::string>& ScheduleTypeNames() { return EnumNames<ScheduleType>(); }

bool IsRegressionLossType(LossType type) {
  switch (type) {
    case LossType::kMse:
    case LossType::kMae:
    case LossType::kHuber:
    case LossType::kLogCosh:
      return true;
    case LossType::kAuto:
    case LossType::kBce:
    case LossType::kCrossEntropy:
    case LossType::kHinge:
    case LossType::kFocal:
    case LossType::kCustom:
      return false;
  }
  return false;
}

bool IsClassificationLossType(LossType type) {
  switch (type) {
    case LossType::kBce:
    case LossType::kCrossEntropy:
    case LossType::kHinge:
    case LossType::kFocal:
      return true;
    case LossType::kAuto:
    case LossType::kMse:
    case LossType::kMae:
    case LossType::kHuber:
    case LossType::kLogCosh:
    case LossType::kCustom:
      return false;
  }
  return false;
}

bool IsFullBatchOptimizer(OptimizerType type) { return type == OptimizerType::kLbfgs; }

}  // namespace optiscope
