// DenseNetwork: a stack of fully connected layers — the multilayer perceptron, and with no hidden
// layer the linear / logistic (softmax) regression model. Parameters in one contiguous buffer.
#pragma once

#include <string>
#include <vector>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

// Activation (relu | tanh | sigmoid | leaky_relu | gelu) is config_enums.h's, model.activation's.
// Parses one of its names; InvalidArgument "activation: \"x\" is not one of ..." otherwise.
Result<Activation> ParseActivation(const std::string& name);
// The name of `activation` ("leaky_relu"), from the same table.
const char* ActivationName(Activation activation);

struct DenseNetworkOptions {
  // [inputs, hidden widths..., outputs]; at least 2 entries, all >= 1.
  std::vector<int> layer_sizes;
  Activation activation = Activation::kRelu;  // hidden layers; the output layer is linear
  double dropout = 0.0;      // inverted dropout on hidden layer outputs in training; in [0, 1)
  double negative_slope = 0.01;  // leaky_relu: f(z) = z for z > 0, slope*z otherwise; >= 0
  std::string kind = "mlp";  // the name Describe() starts with ("linear", "logistic", "mlp")
};

// Layer l computes A_l = f(A_{l-1} W_l + b_l) with W_l stored (fan_in x fan_out) row-major,
// followed by b_l, layer after layer in the buffer. The output layer has no activation (losses
// apply softmax themselves). Initialisation: He et al. 2015 ("Delving Deep into Rectifiers")
// uniform bound sqrt(6/fan_in) for ReLU layers; Glorot & Bengio 2010 uniform
// sqrt(6/(fan_in+fan_out)) for tanh/sigmoid and for the output layer; biases 0.
// Dropout: Srivastava et al. 2014, inverted (kept units scaled by 1/(1-p)), masks from the Rng.
// Activations: leaky_relu as torch.nn.LeakyReLU(negative_slope) (Maas et al. 2013); gelu is the
// exact form z*Phi(z) = z(1 + erf(z/sqrt 2))/2 of Hendrycks & Gimpel 2016 (torch.nn.GELU()
// default); its backward pass reads the stored pre-activations. leaky_relu and gelu layers use
// the He initialisation, like relu.
template <class T>
class DenseNetwork final : public DifferentiableModelT<T> {
 public:
  // REQUIRES: options valid (see DenseNetworkOptions); use MakeModel for checked construction.
  explicit DenseNetwork(DenseNetworkOptions options);

  std::string Describe() const override;
  int NumParameters() const override { return num_params_; }
  int NumInputs() const override { return options_.layer_sizes.front(); }
  int NumOutputs() const override { return options_.layer_sizes.back(); }
  std::vector<ParamRange> WeightRanges() const override;
  void Initialize(std::span<T> params, Rng& rng) const override;
  std::unique_ptr<ModelWorkspace> MakeWorkspace(int max_rows) const override;
  ConstMatXMap<T> Forward(std::span<const T> params, const ConstMatXMap<T>& X, ModelWorkspace& ws,
                          Rng* dropout_rng) const override;
  void Backward(std::span<const T> params, const ConstMatXMap<T>& X, const ConstMatXMap<T>& d_out,
                ModelWorkspace& ws, std::span<T> grad) const override;

  const DenseNetworkOptions& options() const { return options_; }
  int NumLayers() const { return static_cast<int>(options_.layer_sizes.size()) - 1; }
  // Offset of layer l's weights (its bias follows them). REQUIRES: 0 <= l < NumLayers().
  int WeightOffset(int l) const { return offsets_[l]; }
  // Inference-mode activations of the last hidden layer for the rows of X (rows x its width);
  // the inputs themselves when there is no hidden layer. Allocates (for projections, not
  // training loops). Defined in dense_network_hidden.cpp.
  MatX<T> LastHiddenActivations(std::span<const T> params, const MatX<T>& X) const;

 private:
  DenseNetworkOptions options_;
  std::vector<int> offsets_;
  int num_params_ = 0;
};

}  // namespace optiscope
