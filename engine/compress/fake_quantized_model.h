// FakeQuantizedModel: a dense network whose forward and backward passes use fake-quantized weights
// (quantization-aware training); the gradient it returns updates the float weights.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/compress/quant_scheme.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

// Decorates a DenseNetwork (layer widths `layer_sizes`, weights stored fan_in x fan_out): Forward
// quantizes each layer's weights per output channel with `spec` into its workspace (biases stay
// float) and runs the inner model on them; Backward backpropagates through the same quantized
// weights, so the gradient applies to the float ones unchanged (straight-through estimator,
// Bengio et al. 2013; Jacob et al. 2018). The inner model must outlive this one. Stateless and
// const like any DifferentiableModel; Forward and Backward do not allocate.
class FakeQuantizedModel final : public DifferentiableModel {
 public:
  FakeQuantizedModel(const DifferentiableModel& inner, std::vector<int> layer_sizes,
                     QuantSpec spec);

  std::string Describe() const override { return inner_.Describe() + " (fake-quantized)"; }
  int NumParameters() const override { return inner_.NumParameters(); }
  int NumInputs() const override { return inner_.NumInputs(); }
  int NumOutputs() const override { return inner_.NumOutputs(); }
  std::vector<ParamRange> WeightRanges() const override { return ranges_; }
  void Initialize(std::span<Scalar> params, Rng& rng) const override {
    inner_.Initialize(params, rng);
  }
  std::unique_ptr<ModelWorkspace> MakeWorkspace(int max_rows) const override;
  ConstMatXMap<Scalar> Forward(std::span<const Scalar> params, const ConstMatXMap<Scalar>& X,
                               ModelWorkspace& ws, Rng* dropout_rng) const override;
  void Backward(std::span<const Scalar> params, const ConstMatXMap<Scalar>& X,
                const ConstMatXMap<Scalar>& d_out, ModelWorkspace& ws,
                std::span<Scalar> grad) const override;

 private:
  const DifferentiableModel& inner_;
  std::vector<int> sizes_;
  std::vector<ParamRange> ranges_;
  QuantSpec spec_;
};

}  // namespace optiscope
