#include "engine/compress/pruning.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace optiscope {

Result<PruneScope> ParsePruneScope(const std::string& text) {
  if (text == "layer") return PruneScope::kLayer;
  if (text == "global") return PruneScope::kGlobal;
  return Status::InvalidArgument("unknown pruning scope '" + text + "' (expected layer or global)");
}

namespace {

// Zeroes in `mask` the `count` entries of `idx` with the smallest |params| (ties: lower index).
void ZeroSmallest(std::span<const float> params, std::vector<int>& idx, size_t count,
                  PruneMask& mask) {
  if (count == 0) return;
  count = std::min(count, idx.size());
  auto less = [&](int a, int b) {
    const float fa = std::fabs(params[a]), fb = std::fabs(params[b]);
    return fa < fb || (fa == fb && a < b);
  };
  std::nth_element(idx.begin(), idx.begin() + (count - 1), idx.end(), less);
  for (size_t i = 0; i < count; ++i) mask[idx[i]] = 0;
}

}  // namespace

PruneMask MagnitudeMask(std::span<const float> params, std::span<const ParamRange> weights,
                        double sparsity, PruneScope scope) {
  PruneMask mask(params.size(), 1);
  if (scope == PruneScope::kLayer) {
    for (const ParamRange& r : weights) {
      std::vector<int> idx(r.size);
      std::iota(idx.begin(), idx.end(), r.offset);
      ZeroSmallest(params, idx, static_cast<size_t>(std::floor(sparsity * r.size)), mask);
    }
  } else {
    std::vector<int> idx;
    for (const ParamRange& r : weights) {
      for (int i = 0; i < r.size; ++i) idx.push_back(r.offset + i);
    }
    ZeroSmallest(params, idx, static_cast<size_t>(std::floor(sparsity * idx.size())), mask);
  }
  return mask;
}

void ApplyMask(std::span<float> params, const PruneMask& mask) {
  for (size_t i = 0; i < params.size(); ++i) {
    if (!mask[i]) params[i] = 0.0f;
  }
}

double WeightSparsity(std::span<const float> params, std::span<const ParamRange> weights) {
  long long zeros = 0, total = 0;
  for (const ParamRange& r : weights) {
    for (int i = 0; i < r.size; ++i) zeros += params[r.offset + i] == 0.0f;
    total += r.size;
  }
  return total ? static_cast<double>(zeros) / total : 0.0;
}

double PolynomialSparsity(long long step, long long begin, long long end, double initial,
                          double final_sparsity) {
  const double span = std::max<long long>(1, end - begin);
  const double p = std::clamp((step - begin) / span, 0.0, 1.0);
  return final_sparsity + (initial - final_sparsity) * std::pow(1.0 - p, 3.0);
}

std::vector<int> LayerSizes(const TrainedModel& trained) {
  std::vector<int> sizes = {trained.num_inputs};
  if (trained.model.type == ModelType::kMlp) {
    for (int h : trained.model.hidden) sizes.push_back(h);
  }
  sizes.push_back(trained.num_outputs);
  return sizes;
}

Result<NeuronNorm> ParseNeuronNorm(const std::string& text) {
  if (text == "l1" || text == "L1") return NeuronNorm::kL1;
  if (text == "l2" || text == "L2") return NeuronNorm::kL2;
  return Status::InvalidArgument("unknown neuron norm '" + text + "' (expected l1 or l2)");
}

Result<TrainedModel> PruneNeurons(const TrainedModel& trained, double fraction, NeuronNorm norm) {
  if (trained.model.type != ModelType::kMlp || trained.model.hidden.empty()) {
    return Status::InvalidArgument("structured pruning needs an mlp with hidden layers");
  }
  if (!(fraction >= 0 && fraction < 1)) {
    return Status::InvalidArgument("neuron fraction must be in [0, 1)");
  }
  const std::vector<int> sizes = LayerSizes(trained);
  const int n_layers = static_cast<int>(sizes.size()) - 1;
  // Per layer: W (fan_in x fan_out row-major) then b, as DenseNetwork lays them out.
  std::vector<std::vector<float>> W(n_layers), b(n_layers);
  size_t off = 0;
  for (int l = 0; l < n_layers; ++l) {
    const size_t nw = static_cast<size_t>(sizes[l]) * sizes[l + 1];
    W[l].assign(trained.parameters.begin() + off, trained.parameters.begin() + off + nw);
    b[l].assign(trained.parameters.begin() + off + nw,
                trained.parameters.begin() + off + nw + sizes[l + 1]);
    off += nw + sizes[l + 1];
  }
  if (off != trained.parameters.size()) {
    return Status::InvalidArgument("the parameter buffer does not match the model architecture");
  }
  std::vector<int> new_sizes = sizes;
  std::vector<std::vector<int>> kept(n_layers + 1);  // kept units per layer boundary
  kept[0].resize(sizes[0]);
  std::iota(kept[0].begin(), kept[0].end(), 0);
  kept[n_layers].resize(sizes[n_layers]);
  std::iota(kept[n_layers].begin(), kept[n_layers].end(), 0);
  for (int l = 1; l < n_layers; ++l) {
    const int width = sizes[l], fan_in = sizes[l - 1];
    std::vector<double> score(width, 0.0);
    for (int i = 0; i < fan_in; ++i) {
      for (int j = 0; j < width; ++j) {
        const double w = W[l - 1][static_cast<size_t>(i) * width + j];
        score[j] += norm == NeuronNorm::kL1 ? std::fabs(w) : w * w;
      }
    }
    const int remove = std::min(width - 1, static_cast<int>(std::floor(fraction * width)));
    std::vector<int> order(width);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int c) { return score[a] > score[c]; });
    order.resize(width - remove);
    std::sort(order.begin(), order.end());
    kept[l] = order;
    new_sizes[l] = width - remove;
  }
  TrainedModel out = trained;
  out.model.hidden.assign(new_sizes.begin() + 1, new_sizes.end() - 1);
  out.parameters.clear();
  for (int l = 0; l < n_layers; ++l) {
    for (int i : kept[l]) {
      for (int j : kept[l + 1]) out.parameters.push_back(W[l][static_cast<size_t>(i) * sizes[l + 1] + j]);
    }
    for (int j : kept[l + 1]) out.parameters.push_back(b[l][j]);
  }
  return out;
}

}  // namespace optiscope
