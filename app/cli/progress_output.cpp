#include "app/cli/progress_output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "app/cli/text_table.h"
#include "engine/models/classic/estimator.h"
#include "engine/train/one_shot_run.h"

namespace optiscope::cli {
namespace {

std::string Short4(double v) {
  if (!std::isfinite(v)) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4g", v);
  return buffer;
}

// "acc" / "rmse" for the compact bar.
std::string MetricAbbreviation(const std::string& metric_name) {
  return metric_name == "accuracy" ? "acc" : metric_name;
}

// The "epochs" row, or for a model fitted in one call the "fit" row: "100 trees", "one call".
std::pair<std::string, std::string> EpochsRow(const RunResult& r) {
  if (IsOneShotModel(r.model.model)) {
    const Estimator* e = r.model.estimator.get();
    if (e != nullptr && e->NumStages() >= 2) {
      return {"fit", std::to_string(e->NumStages()) + " " + e->StageName() + "s"};
    }
    return {"fit", "one call"};
  }
  std::string text = std::to_string(r.epochs_run);
  if (r.stopped_early) text += " (stopped early)";
  if (r.best_epoch > 0) text += ", weights of epoch " + std::to_string(r.best_epoch);
  return {"epochs", text};
}

// "[=====>    ]" with `bar` cells, `done` of `total` filled.
std::string Bar(int done, int total, int bar) {
  const int filled = std::clamp(done * bar / std::max(1, total), 0, bar);
  std::string line = "[";
  line.append(filled, '=');
  if (filled < bar) {
    line += '>';
    line.append(bar - filled - 1, ' ');
  }
  return line + "]";
}

}  // namespace

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  const long total = std::lround(seconds);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof(buffer), "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                  total % 60);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

std::string ProgressBarLine(const EpochMetrics& e, const std::string& metric_name, int width,
                            const std::string& step_name) {
  const int total = std::max(1, e.total_epochs);
  const double eta = e.epoch > 0 ? e.elapsed_seconds / e.epoch * (total - e.epoch) : 0.0;
  const std::string total_text = std::to_string(total);
  std::string epoch_text = std::to_string(e.epoch);
  if (epoch_text.size() < total_text.size()) {
    epoch_text.insert(0, total_text.size() - epoch_text.size(), ' ');
  }
  std::string head = step_name + " ";
  head += epoch_text;
  head += '/';
  head += total_text;
  head += ' ';
  std::string tail = " loss ";
  tail += Short4(e.train_loss);
  const bool validation = std::isfinite(e.val_metric);
  if (validation || std::isfinite(e.train_metric)) {
    tail += validation ? " val_" : " ";
    tail += MetricAbbreviation(metric_name);
    tail += ' ';
    tail += FormatFixed(validation ? e.val_metric : e.train_metric, 4);
  }
  if (std::isfinite(e.learning_rate)) {  // a forest's curve has no learning rate
    tail += " lr ";
    tail += Short4(e.learning_rate);
  }
  tail += " ETA ";
  tail += FormatDuration(eta);
  // The bar's width depends on the room a typical tail needs, not on this tail, so that it does
  // not jitter as the numbers change length.
  constexpr int kTailRoom = 48;
  const int room = width - 1 - static_cast<int>(head.size()) - 2;
  const int bar = std::min(30, std::min(room - kTailRoom, room - static_cast<int>(tail.size())));
  if (bar < 5) return head.append(tail, 1);
  return head + Bar(e.epoch, total, bar) + tail;
}

std::string FitProgressLine(const FitProgress& p, const std::string& step_name, int width) {
  const int total = std::max(1, p.total);
  const double eta =
      p.done > 0 ? std::max(0.0, p.elapsed_seconds / p.done * (total - p.done)) : 0.0;
  const std::string head = "growing " + step_name + "s " + std::to_string(p.done) + "/" +
                           std::to_string(total) + " ";
  const std::string tail = " ETA " + FormatDuration(eta);
  const int bar = std::min(30, width - 1 - static_cast<int>(head.size() + tail.size()) - 2);
  if (bar < 5) return head + tail.substr(1);
  return head + Bar(p.done, total, bar) + tail;
}

std::string ProgressPlainLine(const EpochMetrics& e, const std::string& metric_name,
                              const std::string& step_name) {
  const std::string total = std::to_string(e.total_epochs);
  std::string epoch = std::to_string(e.epoch);
  if (epoch.size() < total.size()) epoch.insert(0, total.size() - epoch.size(), ' ');
  std::string line = step_name + " " + epoch + "/" + total + "  train_loss " +
                     FormatFixed(e.train_loss, 4) + "  val_loss " + FormatFixed(e.val_loss, 4) +
                     "  train_" + metric_name + " " + FormatFixed(e.train_metric, 4) + "  val_" +
                     metric_name + " " + FormatFixed(e.val_metric, 4);
  if (std::isfinite(e.learning_rate)) line += "  lr " + Short4(e.learning_rate);
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "  %.2f s", e.elapsed_seconds);
  return line + seconds;
}

std::string SummaryText(const RunResult& r) {
  char time[64];
  std::snprintf(time, sizeof(time), "%.3f s", r.seconds);
  std::string status = RunStatusName(r.status);
  if (!r.status.message().empty()) status += ": " + r.status.message();
  const auto [steps_label, steps] = EpochsRow(r);
  std::string out =
      FormatTable({{"status", status}, {steps_label, steps}, {"training time", time}});
  if (!r.status.ok()) return out;  // no metrics: the run did not finish
  const bool classification = r.task == TaskKind::kClassification;
  std::vector<std::vector<std::string>> rows;
  if (classification) {
    rows.push_back({"", "loss", "accuracy"});
  } else {
    rows.push_back({"", "loss", "rmse", "mae", "r2"});
  }
  for (const auto& [name, m] : {std::pair<const char*, const SplitMetrics&>{"train", r.train},
                                {"validation", r.validation},
                                {"test", r.test}}) {
    if (classification) {
      rows.push_back({name, FormatFixed(m.loss, 4), FormatFixed(m.accuracy, 4)});
    } else {
      rows.push_back({name, FormatFixed(m.loss, 4), FormatFixed(m.rmse, 4), FormatFixed(m.mae, 4),
                      FormatFixed(m.r2, 4)});
    }
  }
  return out + "\n" + FormatTable(rows, {false, true, true, true, true});
}

int TerminalWidth(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

ProgressSink::ProgressSink(std::FILE* out, bool terminal) : out_(out), terminal_(terminal) {}

void ProgressSink::ClearLine() {
  if (line_open_) {
    std::fputs("\r\x1b[K", out_);
    line_open_ = false;
  }
}

void ProgressSink::Publish(Event event) {
  std::lock_guard lock(mu_);
  if (const auto* started = std::get_if<RunStarted>(&event)) {
    if (!started->metric_name.empty()) metric_name_ = started->metric_name;
    step_name_ = started->step_name.empty() ? "epoch" : started->step_name;
    ClearLine();
    if (step_name_ == "fit") {
      std::fprintf(out_, "fitting %s in one call\n", started->description.c_str());
    } else {
      std::fprintf(out_, "training %s, %d %ss\n", started->description.c_str(),
                   started->total_epochs, step_name_.c_str());
    }
  } else if (const auto* epoch = std::get_if<EpochMetrics>(&event)) {
    if (terminal_) {
      // Redraw at most every 50 ms (a fast run reports thousands of epochs per second) and always
      // for the last epoch.
      const auto now = std::chrono::steady_clock::now();
      if (epoch->epoch < epoch->total_epochs && line_open_ &&
          now - last_draw_ < std::chrono::milliseconds(50)) {
        return;
      }
      last_draw_ = now;
      last_line_ =
          ProgressBarLine(*epoch, metric_name_, TerminalWidth(::fileno(out_)), step_name_);
      std::fprintf(out_, "\r\x1b[K%s", last_line_.c_str());
      line_open_ = true;
    } else {
      std::fprintf(out_, "%s\n", ProgressPlainLine(*epoch, metric_name_, step_name_).c_str());
    }
  } else if (const auto* progress = std::get_if<FitProgress>(&event)) {
    if (!terminal_) return;  // a plain log gets the curve's lines once the fit is done
    last_line_ = FitProgressLine(*progress, step_name_, TerminalWidth(::fileno(out_)));
    std::fprintf(out_, "\r\x1b[K%s", last_line_.c_str());
    line_open_ = true;
  } else if (const auto* log = std::get_if<LogLine>(&event)) {
    const bool reopen = line_open_;
    ClearLine();
    const char* prefix = log->level == LogLine::Level::kError     ? "error: "
                         : log->level == LogLine::Level::kWarning ? "warning: "
                                                                  : "";
    std::fprintf(out_, "%s%s\n", prefix, log->text.c_str());
    if (reopen) {
      std::fputs(last_line_.c_str(), out_);
      line_open_ = true;
    }
  }
  std::fflush(out_);
}

void ProgressSink::Finish() {
  std::lock_guard lock(mu_);
  if (line_open_) std::fputs("\n", out_);
  line_open_ = false;
  std::fflush(out_);
}

}  // namespace optiscope::cli
