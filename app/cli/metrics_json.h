// The full test metrics (EvaluationReport) as JSON and as a text table, shared by train --json,
// train --export's result block and evaluate.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/train/evaluation_metrics.h"

namespace optiscope::cli {

// Adds to *block: classification accuracy, precision_macro, recall_macro, f1_macro, roc_auc,
// log_loss, confusion_matrix (rows = true class), class_names; regression rmse, mae, r2; and
// "note" when set. NaN -> null. Keys already present are kept.
void AddReportJson(const EvaluationReport& report, const std::vector<std::string>& class_names,
                   nlohmann::ordered_json* block);

// "accuracy 0.9667  precision 0.97 ..." lines and the confusion matrix, for human output.
std::string ReportText(const EvaluationReport& report, const std::vector<std::string>& class_names);

}  // namespace optiscope::cli
