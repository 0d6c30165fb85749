#include "app/cli/json_events.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "app/cli/metrics_json.h"
#include "engine/config/config_json.h"
#include "app/cli/json_out.h"

namespace optiscope::cli {
namespace {

Json SplitJson(const SplitMetrics& m, TaskKind task) {
  Json j = Json::object();
  if (task == TaskKind::kClassification) {
    j["accuracy"] = JsonNumber(m.accuracy);
    j["f1_macro"] = JsonNumber(m.f1);
  } else {
    j["rmse"] = JsonNumber(m.rmse);
    j["r2"] = JsonNumber(m.r2);
    j["mae"] = JsonNumber(m.mae);
  }
  j["loss"] = JsonNumber(m.loss);
  return j;
}

const char* LevelName(LogLine::Level level) {
  switch (level) {
    case LogLine::Level::kInfo:
      return "info";
    case LogLine::Level::kWarning:
      return "warning";
    case LogLine::Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

std::string RunStartedJson(const RunStarted& event, const ExperimentConfig& config) {
  Json j = Json::object();
  j["event"] = "run_started";
  j["name"] = config.name;
  j["run_id"] = event.run_id;
  j["epochs"] = event.total_epochs;
  j["step"] = event.step_name;
  j["description"] = event.description;
  j["metric"] = event.metric_name;
  j["config"] = Json::parse(WriteExperimentConfig(config));
  return DumpJson(j);
}

std::string EpochJson(const EpochMetrics& e, const std::string& metric_name) {
  Json j = Json::object();
  j["event"] = "epoch";
  j["epoch"] = e.epoch;
  j["epochs"] = e.total_epochs;
  j["train_loss"] = JsonNumber(e.train_loss);
  j["val_loss"] = JsonNumber(e.val_loss);
  j["train_" + metric_name] = JsonNumber(e.train_metric);
  j["val_" + metric_name] = JsonNumber(e.val_metric);
  if (metric_name == "accuracy") {
    j["train_f1"] = JsonNumber(e.train_f1);
    j["val_f1"] = JsonNumber(e.val_f1);
  } else if (metric_name == "rmse") {
    j["train_r2"] = JsonNumber(e.train_r2);
    j["val_r2"] = JsonNumber(e.val_r2);
  }
  j["seconds"] = JsonNumber(e.elapsed_seconds);
  j["lr"] = JsonNumber(e.learning_rate);
  return DumpJson(j);
}

std::string LogJson(const LogLine& event) {
  Json j = Json::object();
  j["event"] = "log";
  j["level"] = LevelName(event.level);
  j["text"] = event.text;
  return DumpJson(j);
}

std::string RunFinishedJson(const RunResult& r) {
  Json j = Json::object();
  j["event"] = "run_finished";
  j["status"] = RunStatusName(r.status);
  if (!r.status.message().empty()) j["reason"] = r.status.message();
  j["seconds"] = JsonNumber(r.seconds);
  j["epochs"] = r.epochs_run;
  j["stopped_early"] = r.stopped_early;
  if (r.best_epoch > 0) j["best_epoch"] = r.best_epoch;
  j["train"] = SplitJson(r.train, r.task);
  j["validation"] = SplitJson(r.validation, r.task);
  j["test"] = SplitJson(r.test, r.task);
  if (r.status.ok() && r.test_report.rows > 0) {
    AddReportJson(r.test_report, r.model.class_names, &j["test"]);  // the full test metrics
  }
  j["model"] = EnumName(r.model.model.type);
  return DumpJson(j);
}

JsonLinesSink::JsonLinesSink(std::FILE* out, ExperimentConfig config)
    : out_(out), config_(std::move(config)) {}

void JsonLinesSink::Publish(Event event) {
  std::lock_guard lock(mu_);
  std::string line;
  if (const auto* started = std::get_if<RunStarted>(&event)) {
    if (!started->metric_name.empty()) metric_name_ = started->metric_name;
    line = RunStartedJson(*started, config_);
  } else if (const auto* epoch = std::get_if<EpochMetrics>(&event)) {
    line = EpochJson(*epoch, metric_name_);
  } else if (const auto* log = std::get_if<LogLine>(&event)) {
    line = LogJson(*log);
  } else if (const auto* progress = std::get_if<FitProgress>(&event)) {
    Json j = Json::object();
    j["event"] = "fit_progress";
    j["done"] = progress->done;
    j["total"] = progress->total;
    j["seconds"] = JsonNumber(progress->elapsed_seconds);
    line = DumpJson(j);
  } else {
    return;  // RunFinished: the caller prints run_finished from the RunResult
  }
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

void JsonLinesSink::PrintLine(const std::string& line) {
  std::lock_guard lock(mu_);
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

}  // namespace optiscope::cli
