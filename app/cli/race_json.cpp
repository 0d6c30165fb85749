#include "app/cli/race_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "app/cli/text_table.h"
#include "app/cli/json_out.h"

namespace optiscope::cli {
namespace {

std::string Hex(uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

std::string General(double v) {
  if (!std::isfinite(v)) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4g", v);
  return buffer;
}

}  // namespace

std::string RaceFinishedJson(const RaceFinished& f) {
  Json results = Json::array();
  for (const RaceStanding& s : f.standings) {
    Json r = Json::object();
    r["optimizer"] = s.optimizer;
    r["rank"] = s.rank;
    r["type"] = s.type;
    r["lr"] = JsonNumber(s.lr);
    r["tuned"] = s.tuned;
    r["status"] = RunEndName(s.status);
    if (!s.reason.empty()) r["reason"] = s.reason;
    r["best_val_loss"] = JsonNumber(s.best_val_loss);
    r["best_epoch"] = s.best_epoch;
    r["epochs_to_target"] = s.target_epoch > 0 ? Json(s.target_epoch) : Json(nullptr);
    r["seconds_to_target"] = JsonNumber(s.target_seconds);
    r["seconds"] = JsonNumber(s.seconds);
    r["final_val_loss"] = JsonNumber(s.final_val_loss);
    r["final_val_metric"] = JsonNumber(s.final_val_metric);
    r["epochs"] = s.epochs_run;
    r["batch_order_hash"] = Hex(s.batch_order_hash);
    results.push_back(std::move(r));
  }
  Json j = Json::object();
  j["event"] = "race_finished";
  j["results"] = std::move(results);
  j["target_loss"] = JsonNumber(f.target_loss);
  j["monitored"] = f.monitored;
  j["status"] = RunEndName(f.status);
  return DumpJson(j);
}

std::string FunctionResultJson(const std::string& function,
                               const std::vector<TestFunctionRun>& runs) {
  Json results = Json::array();
  for (const TestFunctionRun& r : runs) {
    Json o = Json::object();
    o["optimizer"] = r.racer;
    o["lr"] = JsonNumber(r.lr);
    o["steps"] = static_cast<int>(r.values.size()) - 1;
    o["final_x"] = JsonNumber(r.xy[r.xy.size() - 2]);
    o["final_y"] = JsonNumber(r.xy.back());
    o["final_value"] = JsonNumber(r.values.back());
    o["status"] = RunEndName(r.status);
    results.push_back(std::move(o));
  }
  Json j = Json::object();
  j["event"] = "function_result";
  j["function"] = function;
  j["results"] = std::move(results);
  return DumpJson(j);
}

void RaceJsonSink::Publish(Event event) {
  std::lock_guard lock(mu_);
  Json j = Json::object();
  if (const auto* s = std::get_if<RaceStarted>(&event)) {
    metric_name_ = s->metric_name.empty() ? metric_name_ : s->metric_name;
    j["event"] = "race_started";
    j["optimizers"] = s->racers;
    j["epochs"] = s->total_epochs;
    j["description"] = s->description;
    j["metric"] = s->metric_name;
  } else if (const auto* t = std::get_if<RacerTuned>(&event)) {
    j["event"] = "racer_tuned";
    j["optimizer"] = t->racer;
    j["lrs"] = t->lrs;
    Json losses = Json::array();
    for (double v : t->losses) losses.push_back(JsonNumber(v));
    j["losses"] = std::move(losses);
    j["chosen_lr"] = t->chosen_lr;
    j["epochs_per_try"] = t->epochs_per_try;
  } else if (const auto* e = std::get_if<EpochMetrics>(&event)) {
    j["event"] = "epoch";
    j["optimizer"] = e->run_id;
    j["epoch"] = e->epoch;
    j["epochs"] = e->total_epochs;
    j["train_loss"] = JsonNumber(e->train_loss);
    j["val_loss"] = JsonNumber(e->val_loss);
    j["train_" + metric_name_] = JsonNumber(e->train_metric);
    j["val_" + metric_name_] = JsonNumber(e->val_metric);
    j["seconds"] = JsonNumber(e->elapsed_seconds);
    j["lr"] = JsonNumber(e->learning_rate);
  } else if (const auto* l = std::get_if<LogLine>(&event)) {
    j["event"] = "log";
    j["level"] = l->level == LogLine::Level::kInfo      ? "info"
                 : l->level == LogLine::Level::kWarning ? "warning"
                                                        : "error";
    j["text"] = l->text;
  } else if (const auto* land = std::get_if<LossLandscape>(&event)) {
    j["event"] = "landscape";
    j["grid"] = land->nx;
    j["center"] = land->center;
    j["explained"] = {land->explained[0], land->explained[1]};
    const auto [lo, hi] = LandscapeRange(*land);
    j["loss_min"] = JsonNumber(lo);
    j["loss_max"] = JsonNumber(hi);
  } else {
    return;
  }
  std::fprintf(out_, "%s\n", DumpJson(j).c_str());
  std::fflush(out_);
}

void RaceJsonSink::PrintLine(const std::string& line) {
  std::lock_guard lock(mu_);
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

void RaceProgressSink::Publish(Event event) {
  std::lock_guard lock(mu_);
  if (const auto* e = std::get_if<EpochMetrics>(&event)) {
    std::fprintf(out_, "%-14s epoch %d/%d  train_loss %s  val_loss %s  %.3f s\n", e->run_id.c_str(),
                 e->epoch, e->total_epochs, General(e->train_loss).c_str(),
                 General(e->val_loss).c_str(), e->elapsed_seconds);
  } else if (const auto* t = std::get_if<RacerTuned>(&event)) {
    std::fprintf(out_, "%-14s tuned: lr %s (from %zu tries of %d epochs)\n", t->racer.c_str(),
                 General(t->chosen_lr).c_str(), t->lrs.size(), t->epochs_per_try);
  } else if (const auto* l = std::get_if<LogLine>(&event)) {
    std::fprintf(out_, "%s\n", l->text.c_str());
  } else {
    return;
  }
  std::fflush(out_);
}

std::string RaceTable(const RaceFinished& f, const std::string& metric_name) {
  std::vector<std::vector<std::string>> rows = {
      {"rank", "optimizer", "lr", "best " + f.monitored + " loss", "best epoch", "epochs to target",
       "s to target", "seconds", "final val " + metric_name, "status"}};
  for (const RaceStanding& s : f.standings) {
    rows.push_back({std::to_string(s.rank), s.optimizer, General(s.lr) + (s.tuned ? " *" : ""),
                    FormatFixed(s.best_val_loss, 4), std::to_string(s.best_epoch),
                    s.target_epoch > 0 ? std::to_string(s.target_epoch) : "-",
                    General(s.target_seconds), General(s.seconds),
                    FormatFixed(s.final_val_metric, 4),
                    RunEndName(s.status) + (s.reason.empty() ? "" : " (" + s.reason + ")")});
  }
  std::string out =
      FormatTable(rows, {true, false, true, true, true, true, true, true, true, false});
  out += "target " + f.monitored + " loss " + FormatFixed(f.target_loss, 4);
  bool tuned = false;
  for (const RaceStanding& s : f.standings) tuned |= s.tuned;
  if (tuned) out += "; * = learning rate tuned per optimizer (--tune-each)";
  out += "\n";
  return out;
}

std::pair<double, double> LandscapeRange(const LossLandscape& landscape) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (float v : landscape.loss) {
    if (std::isfinite(v)) {
      lo = std::min(lo, static_cast<double>(v));
      hi = std::max(hi, static_cast<double>(v));
    }
  }
  if (lo > hi) return {std::nan(""), std::nan("")};
  return {lo, hi};
}

std::string LandscapeSummary(const LossLandscape& landscape) {
  const auto [lo, hi] = LandscapeRange(landscape);
  char line[512];
  std::snprintf(line, sizeof line,
                "Loss landscape: %dx%d grid around the %s; the two directions explain %.1f%% and "
                "%.1f%% of the paths' movement; loss %.4g to %.4g over %d training rows\n",
                landscape.nx, landscape.ny, landscape.center.c_str(),
                100.0 * landscape.explained[0], 100.0 * landscape.explained[1], lo, hi,
                landscape.rows_used);
  return line;
}

}  // namespace optiscope::cli
