#include "engine/search/grid_sampler.h"

#include <cmath>
#include <set>

#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

void Expand(const SearchSpace& space, const std::vector<std::vector<double>>& values, int index,
            ParamSet* current, std::vector<ParamSet>* out) {
  if (index == space.size()) {
    out->push_back(*current);
    return;
  }
  const ParamSpec& p = space.params()[index];
  if (!space.IsActive(index, *current)) {
    Expand(space, values, index + 1, current, out);
    return;
  }
  for (double v : values[index]) {
    (*current)[p.name] = v;
    Expand(space, values, index + 1, current, out);
  }
  current->erase(p.name);
}

// Grid points below `index` given the assignments in `current`, stopping once past `limit`.
int64_t Count(const SearchSpace& space, const std::vector<std::vector<double>>& values, int index,
              ParamSet* current, int64_t limit) {
  if (index == space.size()) return 1;
  const ParamSpec& p = space.params()[index];
  if (!space.IsActive(index, *current)) return Count(space, values, index + 1, current, limit);
  int64_t total = 0;
  for (double v : values[index]) {
    (*current)[p.name] = v;
    total += Count(space, values, index + 1, current, limit);
    if (total > limit) break;
  }
  current->erase(p.name);
  return total;
}

// Identifies a space and its grid values: the cache key of BuiltFor.
std::string SpaceKey(const SearchSpace& space, const std::vector<std::vector<double>>& values) {
  std::string key;
  for (int i = 0; i < space.size(); ++i) {
    key += space.params()[i].name;
    key += '\x1f';
    for (double v : values[i]) key.append(reinterpret_cast<const char*>(&v), sizeof(v));
    key += '\x1e';
  }
  return key;
}

bool SameParams(const ParamSet& a, const ParamSet& b) {
  if (a.size() != b.size()) return false;
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first) return false;
    if (std::fabs(ia->second - ib->second) > 1e-9 * std::max(1.0, std::fabs(ia->second))) {
      return false;
    }
  }
  return true;
}

// Indices of grid points used by the history: an exact lookup, then (for values that went
// through text) a scan within SameParams's tolerance.
std::vector<bool> UsedPoints(const GridSampler::Built& built, const SearchSpace& space,
                             std::span<const FrozenTrial> history) {
  const std::vector<ParamSet>& grid = built.grid;
  std::vector<bool> used(grid.size(), false);
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (const auto it = built.index.find(std::cref(t->params)); it != built.index.end()) {
      if (!used[it->second]) {
        used[it->second] = true;
        continue;
      }
    }
    for (size_t i = 0; i < grid.size(); ++i) {
      if (!used[i] && SameParams(grid[i], t->params)) {
        used[i] = true;
        break;
      }
    }
  }
  return used;
}

}  // namespace

std::vector<double> GridSampler::Values(const ParamSpec& spec) const {
  std::vector<double> out;
  if (spec.IsCategorical()) {
    for (int i = 0; i < spec.NumChoices(); ++i) out.push_back(i);
    return out;
  }
  const int res = std::max(1, options_.resolution);
  const double s = spec.EffectiveStep();
  if (s > 0) {
    const int64_t count = std::llround((spec.high - spec.low) / s) + 1;
    if (count <= res && !spec.log) {
      for (int64_t k = 0; k < count; ++k) out.push_back(spec.low + s * static_cast<double>(k));
      return out;
    }
  }
  std::set<double> seen;
  for (int k = 0; k < res; ++k) {
    const double u = res == 1 ? 0.5 : static_cast<double>(k) / (res - 1);
    double v;
    if (spec.log) {
      v = std::exp(std::log(spec.low) + u * (std::log(spec.high) - std::log(spec.low)));
    } else {
      v = spec.low + u * (spec.high - spec.low);
    }
    v = spec.Snap(v);
    if (seen.insert(v).second) out.push_back(v);
  }
  return out;
}

std::vector<ParamSet> GridSampler::Grid(const SearchSpace& space) const {
  std::vector<std::vector<double>> values;
  for (const ParamSpec& p : space.params()) values.push_back(Values(p));
  std::vector<ParamSet> out;
  ParamSet current;
  Expand(space, values, 0, &current, &out);
  return out;
}

Status GridSampler::CheckSize(const SearchSpace& space) const {
  std::vector<std::vector<double>> values;
  for (const ParamSpec& p : space.params()) values.push_back(Values(p));
  ParamSet current;
  if (Count(space, values, 0, &current, kMaxGridPoints) <= kMaxGridPoints) return Status::Ok();
  return Status::InvalidArgument("the grid has more than " + std::to_string(kMaxGridPoints) +
                                 " points (" + std::to_string(space.size()) +
                                 " parameters); lower the resolution or use another sampler");
}

std::shared_ptr<const GridSampler::Built> GridSampler::BuiltFor(const SearchSpace& space) const {
  std::vector<std::vector<double>> values;
  for (const ParamSpec& p : space.params()) values.push_back(Values(p));
  std::string key = SpaceKey(space, values);
  std::lock_guard lock(mu_);
  if (built_ != nullptr && key == built_key_) return built_;
  auto built = std::make_shared<Built>();
  ParamSet current;
  Expand(space, values, 0, &current, &built->grid);
  built->order.resize(built->grid.size());
  for (size_t i = 0; i < built->order.size(); ++i) built->order[i] = static_cast<int>(i);
  if (options_.shuffle) {
    Rng shuffle_rng(0x67726964);  // fixed: the order must not change between calls
    shuffle_rng.Shuffle(built->order);
  }
  for (size_t i = 0; i < built->grid.size(); ++i) {
    built->index.emplace(std::cref(built->grid[i]), static_cast<int>(i));
  }
  built_key_ = std::move(key);
  built_ = std::move(built);
  return built_;
}

ParamSet GridSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                             Direction, Rng& rng) {
  const std::shared_ptr<const Built> built = BuiltFor(space);
  const std::vector<bool> used = UsedPoints(*built, space, history);
  for (int i : built->order) {
    if (!used[i]) return built->grid[i];
  }
  // Exhausted: cycle by the number of trials of this space so far.
  (void)rng;
  const size_t n = TrialsInSpace(space, history).size();
  return built->grid[built->order[n % built->order.size()]];
}

bool GridSampler::Exhausted(const SearchSpace& space, std::span<const FrozenTrial> history) const {
  const std::shared_ptr<const Built> built = BuiltFor(space);
  const std::vector<bool> used = UsedPoints(*built, space, history);
  for (bool u : used) {
    if (!u) return false;
  }
  return true;
}

}  // namespace optiscope
