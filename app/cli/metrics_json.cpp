#include "app/cli/metrics_json.h"

#include <cmath>

#include "app/cli/text_table.h"
#include "app/cli/json_out.h"

namespace optiscope::cli {
namespace {

}  // namespace

void AddReportJson(const EvaluationReport& r, const std::vector<std::string>& class_names,
                   Json* block) {
  Json& j = *block;
  // Keys already present (the run's own split metrics) are kept.
  auto set = [&j](const char* key, Json value) {
    if (!j.contains(key)) j[key] = std::move(value);
  };
  if (r.classification) {
    set("accuracy", JsonNumber(r.accuracy));
    set("precision_macro", JsonNumber(r.precision_macro));
    set("recall_macro", JsonNumber(r.recall_macro));
    set("f1_macro", JsonNumber(r.f1_macro));
    set("roc_auc", JsonNumber(r.roc_auc));
    set("log_loss", JsonNumber(r.log_loss));
    Json matrix = Json::array();
    for (int t = 0; t < r.num_classes; ++t) {
      std::vector<int> row(r.confusion.begin() + t * r.num_classes,
                           r.confusion.begin() + (t + 1) * r.num_classes);
      matrix.push_back(row);
    }
    set("confusion_matrix", matrix);
    set("class_names", class_names);
  } else {
    set("rmse", JsonNumber(r.rmse));
    set("mae", JsonNumber(r.mae));
    set("r2", JsonNumber(r.r2));
  }
  if (!r.note.empty()) j["note"] = r.note;
}

std::string ReportText(const EvaluationReport& r, const std::vector<std::string>& class_names) {
  std::string out;
  if (!r.classification) {
    out = FormatTable({{"rows", std::to_string(r.rows)},
                       {"rmse", FormatFixed(r.rmse, 4)},
                       {"mae", FormatFixed(r.mae, 4)},
                       {"r2", FormatFixed(r.r2, 4)}});
  } else {
    out = FormatTable({{"rows", std::to_string(r.rows)},
                       {"accuracy", FormatFixed(r.accuracy, 4)},
                       {"precision (macro)", FormatFixed(r.precision_macro, 4)},
                       {"recall (macro)", FormatFixed(r.recall_macro, 4)},
                       {"f1 (macro)", FormatFixed(r.f1_macro, 4)},
                       {"roc auc", FormatFixed(r.roc_auc, 4)},
                       {"log loss", FormatFixed(r.log_loss, 4)}});
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"true \\ predicted"};
    for (int c = 0; c < r.num_classes; ++c) {
      header.push_back(c < static_cast<int>(class_names.size()) ? class_names[c]
                                                                 : std::to_string(c));
    }
    rows.push_back(header);
    for (int t = 0; t < r.num_classes; ++t) {
      std::vector<std::string> row = {header[t + 1]};
      for (int p = 0; p < r.num_classes; ++p) {
        row.push_back(std::to_string(r.confusion[static_cast<size_t>(t) * r.num_classes + p]));
      }
      rows.push_back(row);
    }
    std::vector<bool> right(header.size(), true);
    right[0] = false;
    out += "\nconfusion matrix:\n" + FormatTable(rows, right);
  }
  if (!r.note.empty()) out += "note: " + r.note + "\n";
  return out;
}

}  // namespace optiscope::cli
