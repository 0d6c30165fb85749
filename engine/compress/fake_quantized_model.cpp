#include "engine/compress/fake_quantized_model.h"

#include <algorithm>

namespace optiscope {

namespace {

struct QuantWorkspace final : ModelWorkspace {
  std::unique_ptr<ModelWorkspace> inner;
  Vec used;                // the quantized parameters the inner model sees
  std::vector<float> wt;   // one layer's weights, transposed (channels as rows)
  int MaxRows() const override { return inner->MaxRows(); }
};

}  // namespace

FakeQuantizedModel::FakeQuantizedModel(const DifferentiableModel& inner,
                                       std::vector<int> layer_sizes, QuantSpec spec)
    : inner_(inner), sizes_(std::move(layer_sizes)), ranges_(inner.WeightRanges()), spec_(spec) {}

std::unique_ptr<ModelWorkspace> FakeQuantizedModel::MakeWorkspace(int max_rows) const {
  auto ws = std::make_unique<QuantWorkspace>();
  ws->inner = inner_.MakeWorkspace(max_rows);
  ws->used.resize(inner_.NumParameters());
  size_t largest = 0;
  for (size_t l = 0; l < ranges_.size(); ++l) {
    largest = std::max(largest, static_cast<size_t>(sizes_[l]) * sizes_[l + 1]);
  }
  ws->wt.resize(largest);
  return ws;
}

ConstMatXMap<Scalar> FakeQuantizedModel::Forward(std::span<const Scalar> params,
                                                 const ConstMatXMap<Scalar>& X,
                                                 ModelWorkspace& ws, Rng* dropout_rng) const {
  auto& q = static_cast<QuantWorkspace&>(ws);
  std::copy(params.begin(), params.end(), q.used.data());
  for (size_t l = 0; l < ranges_.size(); ++l) {
    // Quantize per output channel: DenseNetwork stores W as fan_in x fan_out, channels are
    // columns, so transpose into rows, fake-quantize, transpose back.
    const int fan_in = sizes_[l], fan_out = sizes_[l + 1];
    float* w = q.used.data() + ranges_[l].offset;
    const std::span<float> wt(q.wt.data(), static_cast<size_t>(fan_in) * fan_out);
    for (int i = 0; i < fan_in; ++i)
      for (int o = 0; o < fan_out; ++o) wt[static_cast<size_t>(o) * fan_in + i] = w[i * fan_out + o];
    FakeQuantize(wt, fan_out, spec_);
    for (int i = 0; i < fan_in; ++i)
      for (int o = 0; o < fan_out; ++o) w[i * fan_out + o] = wt[static_cast<size_t>(o) * fan_in + i];
  }
  const std::span<const Scalar> used(q.used.data(), static_cast<size_t>(q.used.size()));
  return inner_.Forward(used, X, *q.inner, dropout_rng);
}

void FakeQuantizedModel::Backward(std::span<const Scalar> /*params*/,
                                  const ConstMatXMap<Scalar>& X,
                                  const ConstMatXMap<Scalar>& d_out, ModelWorkspace& ws,
                                  std::span<Scalar> grad) const {
  auto& q = static_cast<QuantWorkspace&>(ws);
  const std::span<const Scalar> used(q.used.data(), static_cast<size_t>(q.used.size()));
  inner_.Backward(used, X, d_out, *q.inner, grad);
}

}  // namespace optiscope
