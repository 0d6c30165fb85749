#include "app/cli/compress_output.h"
#include "app/cli/json_out.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace optiscope::cli {
namespace {

double Round(double v, int digits) {
  const double f = std::pow(10.0, digits);
  return std::isfinite(v) ? std::round(v * f) / f : v;
}

Json Metric(const Json& base, double accuracy, double rmse) {
  Json j = base;
  if (!std::isnan(accuracy)) {
    j["accuracy"] = JsonNumber(Round(accuracy, 6));
  } else {
    j["rmse"] = JsonNumber(rmse);
  }
  return j;
}

std::string Bytes(long long b) {
  char buf[64];
  if (b >= 10 * 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f KiB", b / 1024.0);
  } else {
    std::snprintf(buf, sizeof(buf), "%lld B", b);
  }
  return buf;
}

std::string MetricText(double accuracy, double rmse) {
  char buf[64];
  if (!std::isnan(accuracy)) {
    std::snprintf(buf, sizeof(buf), "accuracy %.2f%%", 100 * accuracy);
  } else {
    std::snprintf(buf, sizeof(buf), "RMSE %.4g", rmse);
  }
  return buf;
}

}  // namespace

std::string CompressedJson(const CompressionMetrics& m, const CompressionMetrics& f,
                           const std::optional<std::string>& out) {
  Json j = Json::object();
  j["event"] = "compressed";
  j["label"] = m.label;
  j["bits"] = m.bits;
  j["activation_bits"] = m.activation_bits;
  j["sparsity"] = Round(m.sparsity, 6);
  j = Metric(j, m.accuracy, m.rmse);
  j["bytes"] = m.bytes;
  j["float_bytes"] = m.float_bytes;
  j["ratio"] = Round(static_cast<double>(m.float_bytes) / m.bytes, 3);
  j["latency_ms"] = JsonNumber(Round(m.latency_ms, 4));
  if (!std::isnan(f.accuracy)) {
    j["float_accuracy"] = JsonNumber(Round(f.accuracy, 6));
  } else {
    j["float_rmse"] = JsonNumber(f.rmse);
  }
  j["float_latency_ms"] = JsonNumber(Round(f.latency_ms, 4));
  j["speedup"] = JsonNumber(Round(f.latency_ms / m.latency_ms, 3));
  Json errors = Json::array();
  for (double e : m.layer_error) errors.push_back(Round(e, 6));
  j["layer_error"] = errors;
  if (out) j["out"] = *out;
  return DumpJson(j);
}

std::string CompressedText(const CompressionMetrics& m, const CompressionMetrics& f,
                           const std::optional<std::string>& out) {
  char line[256];
  std::string s = m.label + "\n";
  std::snprintf(line, sizeof(line), "  %-10s %-22s %-12s %s\n", "", "metric", "size",
                "latency (1,024 rows)");
  s += line;
  std::snprintf(line, sizeof(line), "  %-10s %-22s %-12s %.3f ms\n", "float32",
                MetricText(f.accuracy, f.rmse).c_str(), Bytes(f.bytes).c_str(), f.latency_ms);
  s += line;
  std::snprintf(line, sizeof(line), "  %-10s %-22s %-12s %.3f ms\n", "compressed",
                MetricText(m.accuracy, m.rmse).c_str(), Bytes(m.bytes).c_str(), m.latency_ms);
  s += line;
  std::snprintf(line, sizeof(line), "  %.2fx smaller, %.2fx faster, sparsity %.1f%%\n",
                static_cast<double>(m.float_bytes) / m.bytes, f.latency_ms / m.latency_ms,
                100 * m.sparsity);
  s += line;
  s += "  per-layer weight error:";
  for (double e : m.layer_error) {
    std::snprintf(line, sizeof(line), " %.4f", e);
    s += line;
  }
  s += "\n";
  if (out) s += "  wrote " + *out + "\n";
  return s;
}

std::string SweepPointJson(const SweepPoint& p) {
  Json j = Json::object();
  j["bits"] = p.bits;
  j["sparsity"] = Round(p.sparsity, 6);
  j = Metric(j, p.accuracy, p.rmse);
  j["bytes"] = p.bytes;
  j["latency_ms"] = JsonNumber(Round(p.latency_ms, 4));
  j["label"] = p.label;
  j["activation_bits"] = p.activation_bits;
  j["ratio"] = Round(static_cast<double>(p.float_bytes) / p.bytes, 3);
  j["pareto"] = p.pareto;
  Json errors = Json::array();
  for (double e : p.layer_error) errors.push_back(Round(e, 6));
  j["layer_error"] = errors;
  return DumpJson(j);
}

void SweepPrinter::Publish(Event event) {
  std::lock_guard lock(mu_);
  if (const auto* s = std::get_if<SweepStarted>(&event)) {
    metric_ = s->metric_name;
    if (json_) {
      Json j = Json::object();
      j["event"] = "sweep_started";
      j["description"] = s->description;
      j["points"] = s->total_points;
      j["metric"] = s->metric_name;
      std::fprintf(out_, "%s\n", DumpJson(j).c_str());
    } else {
      std::fprintf(out_, "%s: %d points\n%-44s %-10s %10s %8s %12s\n", s->description.c_str(),
                   s->total_points, "variant", metric_ == "accuracy" ? "accuracy" : "rmse", "bytes",
                   "ratio", "latency ms");
    }
  } else if (const auto* p = std::get_if<SweepPoint>(&event)) {
    if (json_) {
      std::string line = SweepPointJson(*p);
      line.insert(1, "\"event\":\"sweep_point\",\"index\":" + std::to_string(p->index) + ",");
      std::fprintf(out_, "%s\n", line.c_str());
    } else {
      std::fprintf(out_, "%-44s %-10.4f %10lld %7.2fx %12.3f\n", p->label.c_str(),
                   metric_ == "accuracy" ? p->accuracy : p->rmse, p->bytes,
                   static_cast<double>(p->float_bytes) / p->bytes, p->latency_ms);
    }
  } else if (const auto* f = std::get_if<SweepFinished>(&event)) {
    if (json_) {
      std::string points = "[";
      for (size_t i = 0; i < f->points.size(); ++i) {
        if (i) points += ",";
        points += SweepPointJson(f->points[i]);
      }
      points += "]";
      Json j = Json::object();
      j["status"] = RunEndName(f->status);
      if (!f->reason.empty()) j["reason"] = f->reason;
      std::string line =
          "{\"event\":\"sweep_finished\",\"points\":" + points + "," + DumpJson(j).substr(1);
      std::fprintf(out_, "%s\n", line.c_str());
    } else {
      std::fprintf(out_, "Pareto front (size vs %s):", metric_.c_str());
      for (const SweepPoint& p : f->points) {
        if (p.pareto) std::fprintf(out_, " [%s]", p.label.c_str());
      }
      std::fprintf(
          out_, "\n%s\n",
          f->status == RunEnd::kOk
              ? ""
              : ("sweep " + std::string(RunEndName(f->status)) + ": " + f->reason).c_str());
    }
  }
  std::fflush(out_);
}

}  // namespace optiscope::cli
