// Pruning: magnitude masks (unstructured, per layer or global), the polynomial sparsity schedule
// of gradual pruning, and structured pruning of whole hidden neurons into a smaller network.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/models/differentiable_model.h"
#include "engine/train/trained_model.h"

namespace optiscope {

enum class PruneScope { kLayer, kGlobal };
Result<PruneScope> ParsePruneScope(const std::string& text);  // "layer" | "global"

// A keep-mask over a whole parameter buffer: 1 = kept, 0 = pruned. Biases are always kept.
using PruneMask = std::vector<uint8_t>;

// Magnitude pruning (Han et al. 2015, "Learning both Weights and Connections"). kLayer zeroes
// exactly floor(sparsity * n_l) weights of smallest |w| in each weight range; kGlobal zeroes
// floor(sparsity * N) over all weight ranges with one threshold. Ties broken by position, so the
// count is exact. REQUIRES: sparsity in [0, 1].
PruneMask MagnitudeMask(std::span<const float> params, std::span<const ParamRange> weights,
                        double sparsity, PruneScope scope);
// params[i] = 0 where mask[i] == 0.
void ApplyMask(std::span<float> params, const PruneMask& mask);
// Fraction of zeros among the weight entries.
double WeightSparsity(std::span<const float> params, std::span<const ParamRange> weights);

// Zhu & Gupta 2017 ("To prune, or not to prune"), TF-MOT PolynomialDecay with power 3:
// p = clip((step - begin) / (end - begin), 0, 1); s = s_f + (s_i - s_f)(1 - p)^3.
double PolynomialSparsity(long long step, long long begin, long long end, double initial,
                          double final_sparsity);

enum class NeuronNorm { kL1, kL2 };
Result<NeuronNorm> ParseNeuronNorm(const std::string& text);  // "l1" | "l2"

// Structured pruning (Li et al. 2017, "Pruning Filters for Efficient ConvNets", for dense layers):
// in every hidden layer removes floor(fraction * width) neurons (at least one neuron is kept)
// with the smallest norm of incoming weights, and the matching inputs of the next layer. The
// result is a smaller dense model (model.hidden shrinks) whose kept neurons compute exactly what
// they computed before. InvalidArgument for models that are not dense networks.
Result<TrainedModel> PruneNeurons(const TrainedModel& trained, double fraction, NeuronNorm norm);

// The layer sizes [inputs, hidden..., outputs] of a trained dense model.
std::vector<int> LayerSizes(const TrainedModel& trained);

}  // namespace optiscope
