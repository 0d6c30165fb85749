#include "app/cli/json_events.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "app/cli/metrics_json.h"
#include "engine/config/config_json.h"

namespace optiscope::cli {
namespace {

using Json = nlohmann::ordered_json;

// Doubles that are NaN/Inf become null (nlohmann would write null for NaN too; be explicit).
Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json SplitJson(const SplitMetrics& m, TaskKind task) {
  Json j = Json::object();
  if (task == TaskKind::kClassification) {
    j["accuracy"] = Number(m.accuracy);
  } else {
    j["rmse"] = Number(m.rmse);
    j["r2"] = Number(m.r2);
    j["mae"] = Number(m.mae);
  }
  j["loss"] = Number(m.loss);
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

std::string Dump(const Json& j) {
  // Invalid UTF-8 in names or messages (e.g. a Latin-1 file name) is replaced, never fatal.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string RunStartedJson(const RunStarted& event, const ExperimentConfig& config) {
  Json j = Json::object();
  j["event"] = "run_started";
  j["name"] = config.name;
  j["run_id"] = event.run_id;
  j["epochs"] = event.total_epochs;
  j["description"] = event.description;
  j["metric"] = event.metric_name;
  j["config"] = Json::parse(WriteExperimentConfig(config));
  return Dump(j);
}

std::string EpochJson(const EpochMetrics& e, const std::string& metric_name) {
  Json j = Json::object();
  j["event"] = "epoch";
  j["epoch"] = e.epoch;
  j["epochs"] = e.total_epochs;
  j["train_loss"] = Number(e.train_loss);
  j["val_loss"] = Number(e.val_loss);
  j["train_" + metric_name] = Number(e.train_metric);
  j["val_" + metric_name] = Number(e.val_metric);
  j["seconds"] = Number(e.elapsed_seconds);
  j["lr"] = Number(e.learning_rate);
  return Dump(j);
}

std::string LogJson(const LogLine& event) {
  Json j = Json::object();
  j["event"] = "log";
  j["level"] = LevelName(event.level);
  j["text"] = event.text;
  return Dump(j);
}

std::string RunFinishedJson(const RunResult& r) {
  Json j = Json::object();
  j["event"] = "run_finished";
  j["status"] = RunStatusName(r.status);
  if (!r.status.message().empty()) j["reason"] = r.status.message();
  j["seconds"] = Number(r.seconds);
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
  return Dump(j);
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
