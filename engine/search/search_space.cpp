#include "engine/search/search_space.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

namespace optiscope {
namespace {

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

bool IsInteger(double v) { return std::isfinite(v) && v == std::round(v); }

std::string Num(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

}  // namespace

double ParamSpec::Snap(double v) const {
  if (kind == ParamKind::kCategorical) {
    return std::clamp(std::round(v), 0.0, static_cast<double>(NumChoices() - 1));
  }
  if (!std::isfinite(v)) v = low;
  v = std::clamp(v, low, high);
  const double s = EffectiveStep();
  if (s > 0) {
    const double k = std::round((v - low) / s);
    v = std::min(low + k * s, high);
  }
  return v;
}

bool ParamSpec::Contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (kind == ParamKind::kCategorical) {
    return IsInteger(v) && v >= 0 && v < NumChoices();
  }
  if (v < low && !NearlyEqual(v, low)) return false;
  if (v > high && !NearlyEqual(v, high)) return false;
  const double s = EffectiveStep();
  if (s > 0) {
    const double k = (v - low) / s;
    if (std::fabs(k - std::round(k)) > 1e-6) return false;
  }
  return true;
}

ParamSpec FloatParam(std::string name, double low, double high, bool log, double step) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kFloat;
  p.low = low;
  p.high = high;
  p.log = log;
  p.step = step;
  return p;
}

ParamSpec IntParam(std::string name, int64_t low, int64_t high, bool log, int64_t step) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kInt;
  p.low = static_cast<double>(low);
  p.high = static_cast<double>(high);
  p.log = log;
  p.step = static_cast<double>(step);
  return p;
}

ParamSpec CategoricalParam(std::string name, std::vector<std::string> choices) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::kCategorical;
  p.choices = std::move(choices);
  p.low = 0;
  p.high = std::max<double>(0, static_cast<double>(p.choices.size()) - 1);
  return p;
}

ParamSpec When(ParamSpec spec, std::string parent, std::vector<std::string> values) {
  spec.condition = ParamCondition{std::move(parent), std::move(values)};
  return spec;
}

Status SearchSpace::Add(ParamSpec p) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("search space parameter '" + p.name + "': " + why);
  };
  if (p.name.empty()) return Status::InvalidArgument("search space: a parameter has no name");
  if (Find(p.name) >= 0) return bad("declared twice");
  if (p.kind == ParamKind::kCategorical) {
    if (p.choices.empty()) return bad("a categorical parameter needs at least one choice");
    std::set<std::string> seen(p.choices.begin(), p.choices.end());
    if (seen.size() != p.choices.size()) return bad("duplicate choices");
    p.low = 0;
    p.high = static_cast<double>(p.choices.size() - 1);
    p.log = false;
    p.step = 0;
  } else {
    if (!std::isfinite(p.low) || !std::isfinite(p.high)) return bad("bounds must be finite");
    if (!(p.low < p.high)) {
      return bad("low (" + Num(p.low) + ") must be less than high (" + Num(p.high) + ")");
    }
    if (p.log && p.low <= 0) return bad("a log-scale parameter needs low > 0, got " + Num(p.low));
    if (p.step < 0 || !std::isfinite(p.step)) return bad("step must be >= 0");
    if (p.kind == ParamKind::kInt) {
      if (!IsInteger(p.low) || !IsInteger(p.high)) return bad("int bounds must be integers");
      if (p.step == 0) p.step = 1;
      if (!IsInteger(p.step)) return bad("an int step must be a whole number");
      if (p.log && p.step != 1) return bad("log scale requires step 1");
    } else if (p.step > 0 && p.log) {
      return bad("log scale and a step cannot be combined");
    }
    if (p.step > 0) {
      const double k = (p.high - p.low) / p.step;
      if (std::fabs(k - std::round(k)) > 1e-6) {
        return bad("step " + Num(p.step) + " does not divide the range [" + Num(p.low) + ", " +
                   Num(p.high) + "]");
      }
    }
  }
  p.parent_index = -1;
  p.parent_values.clear();
  if (p.condition) {
    const int parent = Find(p.condition->parent);
    if (parent < 0) {
      return bad("unknown parent '" + p.condition->parent +
                 "' (the parent must be declared before the child)");
    }
    if (p.condition->values.empty()) return bad("a condition needs at least one parent value");
    const ParamSpec& ps = params_[parent];
    for (const std::string& v : p.condition->values) {
      if (ps.IsCategorical()) {
        auto it = std::find(ps.choices.begin(), ps.choices.end(), v);
        if (it == ps.choices.end()) {
          return bad("condition value '" + v + "' is not a choice of '" + ps.name + "'");
        }
        p.parent_values.push_back(static_cast<double>(it - ps.choices.begin()));
      } else {
        char* end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || end != v.c_str() + v.size() || !ps.Contains(x)) {
          return bad("condition value '" + v + "' is not a value of '" + ps.name + "'");
        }
        p.parent_values.push_back(x);
      }
    }
    p.parent_index = parent;
  }
  params_.push_back(std::move(p));
  return Status::Ok();
}

Result<SearchSpace> SearchSpace::Create(std::vector<ParamSpec> specs) {
  SearchSpace space;
  for (ParamSpec& p : specs) OPTISCOPE_RETURN_IF_ERROR(space.Add(std::move(p)));
  return space;
}

int SearchSpace::Find(const std::string& name) const {
  for (int i = 0; i < size(); ++i) {
    if (params_[i].name == name) return i;
  }
  return -1;
}

bool SearchSpace::IsActive(int index, const ParamSet& params) const {
  const ParamSpec& p = params_[index];
  if (p.parent_index < 0) return true;
  if (!IsActive(p.parent_index, params)) return false;
  auto it = params.find(params_[p.parent_index].name);
  if (it == params.end()) return false;
  for (double v : p.parent_values) {
    if (NearlyEqual(v, it->second)) return true;
  }
  return false;
}

bool SearchSpace::HasConditions() const {
  return std::any_of(params_.begin(), params_.end(),
                     [](const ParamSpec& p) { return p.parent_index >= 0; });
}

bool SearchSpace::IsContinuous() const {
  return std::all_of(params_.begin(), params_.end(), [](const ParamSpec& p) {
    return !p.IsCategorical() && p.parent_index < 0;
  });
}

Status SearchSpace::Validate(const ParamSet& params) const {
  size_t used = 0;
  for (int i = 0; i < size(); ++i) {
    const ParamSpec& p = params_[i];
    auto it = params.find(p.name);
    const bool active = IsActive(i, params);
    if (active) {
      if (it == params.end()) return Status::InvalidArgument("parameter '" + p.name + "' missing");
      if (!p.Contains(it->second)) {
        return Status::InvalidArgument("parameter '" + p.name + "': value " + Num(it->second) +
                                       " is outside its range");
      }
      ++used;
    } else if (it != params.end()) {
      return Status::InvalidArgument("parameter '" + p.name + "' is set but inactive");
    }
  }
  if (used != params.size()) {
    for (const auto& [name, v] : params) {
      if (Find(name) < 0) return Status::InvalidArgument("unknown parameter '" + name + "'");
    }
  }
  return Status::Ok();
}

std::vector<TrialParam> SearchSpace::ToTrialParams(const ParamSet& params) const {
  std::vector<TrialParam> out;
  for (const ParamSpec& p : params_) {
    auto it = params.find(p.name);
    if (it == params.end()) continue;
    TrialParam tp;
    tp.name = p.name;
    tp.value = it->second;
    if (p.IsCategorical()) {
      const int k = static_cast<int>(p.Snap(it->second));
      tp.label = p.choices[k];
    }
    out.push_back(std::move(tp));
  }
  return out;
}

ParamSet SearchSpace::FromTrialParams(const std::vector<TrialParam>& params) const {
  ParamSet out;
  for (const TrialParam& tp : params) {
    const int i = Find(tp.name);
    double v = tp.value;
    if (i >= 0 && params_[i].IsCategorical() && !tp.label.empty()) {
      auto it = std::find(params_[i].choices.begin(), params_[i].choices.end(), tp.label);
      if (it != params_[i].choices.end()) v = static_cast<double>(it - params_[i].choices.begin());
    }
    out[tp.name] = v;
  }
  return out;
}

std::string SearchSpace::FormatValue(int index, double value) const {
  const ParamSpec& p = params_[index];
  if (p.IsCategorical() && p.Contains(value)) return p.choices[static_cast<int>(value)];
  if (p.kind == ParamKind::kInt) return std::to_string(static_cast<int64_t>(std::llround(value)));
  return Num(value);
}

}  // namespace optiscope
