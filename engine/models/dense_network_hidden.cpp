// DenseNetwork::LastHiddenActivations: the representation the Projection view plots.
#include <algorithm>
#include <cmath>

#include "engine/models/dense_network.h"

namespace optiscope {

template <class T>
MatX<T> DenseNetwork<T>::LastHiddenActivations(std::span<const T> params, const MatX<T>& X) const {
  MatX<T> a = X;
  const std::vector<int>& sizes = options_.layer_sizes;
  for (int l = 0; l + 1 < NumLayers(); ++l) {
    const int fan_in = sizes[l];
    const int fan_out = sizes[l + 1];
    const Eigen::Map<const MatX<T>> W(params.data() + offsets_[l], fan_in, fan_out);
    const Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> b(
        params.data() + offsets_[l] + static_cast<long>(fan_in) * fan_out, fan_out);
    MatX<T> z = a * W;
    z.rowwise() += b;
    switch (options_.activation) {
      case Activation::kRelu: z = z.cwiseMax(T(0)); break;
      case Activation::kTanh: z = z.array().tanh().matrix(); break;
      case Activation::kSigmoid:
        z = ((T(0.5) * z).array().tanh() * T(0.5) + T(0.5)).matrix();
        break;
      case Activation::kLeakyRelu: {
        const T slope = static_cast<T>(options_.negative_slope);
        z = (z.array() > T(0)).select(z.array(), slope * z.array()).matrix();
        break;
      }
      case Activation::kGelu:
        z = z.unaryExpr([](T v) { return T(0.5) * v * (T(1) + std::erf(v / std::sqrt(T(2)))); });
        break;
    }
    a = std::move(z);
  }
  return a;
}

template MatX<float> DenseNetwork<float>::LastHiddenActivations(std::span<const float>,
                                                                const MatX<float>&) const;
template MatX<double> DenseNetwork<double>::LastHiddenActivations(std::span<const double>,
                                                                  const MatX<double>&) const;

}  // namespace optiscope
