#include "engine/models/dense_network.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace optiscope {

Result<Activation> ParseActivation(const std::string& name) {
  return ParseEnum<Activation>(name, "activation");
}

const char* ActivationName(Activation activation) { return EnumName(activation).c_str(); }

namespace {

template <class T>
class DenseWorkspace final : public ModelWorkspace {
 public:
  int MaxRows() const override { return max_rows; }

  int max_rows = 0;
  int rows = 0;               // rows of the last Forward
  bool dropped = false;       // the last Forward applied dropout masks
  std::vector<MatX<T>> act;   // per layer: its output (max_rows x width)
  std::vector<MatX<T>> mask;  // per hidden layer when dropout > 0: 0 or 1/(1-p)
  std::vector<MatX<T>> pre;   // gelu: per hidden layer, the pre-activation z (backward needs it)
  MatX<T> delta_a, delta_b;   // backprop ping-pong buffers (max_rows x widest hidden)
};

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// out = f(out + b), row by row (one pass over the freshly computed product). `pre` (gelu hidden
// layers) receives out + b before the activation.
template <class T>
void BiasActivate(MatXMap<T>& out, const Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>& b,
                  Activation act, bool last, T slope = T(0), MatX<T>* pre = nullptr) {
  const Eigen::Index n = out.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    auto row = out.row(i);
    if (last) {
      row += b;
      continue;
    }
    switch (act) {
      case Activation::kRelu:
        row = (row + b).cwiseMax(T(0));
        break;
      case Activation::kTanh:
        row = (row + b).array().tanh().matrix();
        break;
      case Activation::kSigmoid:
        // sigmoid(z) = (1 + tanh(z/2)) / 2: vectorised and stable for large |z|.
        row = ((T(0.5) * (row + b)).array().tanh() * T(0.5) + T(0.5)).matrix();
        break;
      case Activation::kLeakyRelu:
        row += b;
        row = (row.array() > T(0)).select(row.array(), slope * row.array()).matrix();
        break;
      case Activation::kGelu: {
        row += b;
        pre->row(i) = row;
        for (Eigen::Index j = 0; j < row.size(); ++j) {
          const T z = row[j];
          row[j] = T(0.5) * z * (T(1) + std::erf(z * static_cast<T>(kInvSqrt2)));
        }
        break;
      }
    }
  }
}

// delta *= f'(z) expressed through y = f(z), times the dropout mask when one was applied.
// With dropout the stored output is mask*f(z), so f(z) = y*(1-p) wherever the mask is non-zero.
// gelu reads the pre-activations `pre` instead: f'(z) = Phi(z) + z phi(z).
template <class T>
void ActivationBackward(MatXMap<T>& delta, const ConstMatXMap<T>& y, const MatX<T>* mask,
                        Activation act, T keep, T slope = T(0), const MatX<T>* pre = nullptr) {
  const Eigen::Index n = delta.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    auto d = delta.row(i).array();
    const auto yr = y.row(i).array();
    switch (act) {
      case Activation::kRelu:
        d = (yr > T(0)).select(d, T(0));
        break;
      case Activation::kTanh: {
        if (mask) {
          d *= (T(1) - (yr * keep).square());
        } else {
          d *= (T(1) - yr.square());
        }
        break;
      }
      case Activation::kSigmoid: {
        if (mask) {
          d *= (yr * keep) * (T(1) - yr * keep);
        } else {
          d *= yr * (T(1) - yr);
        }
        break;
      }
      case Activation::kLeakyRelu:
        // Same sign as z (slope >= 0); dropped units are zeroed by the mask below.
        d = (yr > T(0)).select(d, slope * d);
        break;
      case Activation::kGelu:
        for (Eigen::Index j = 0; j < d.size(); ++j) {
          const T z = (*pre)(i, j);
          const T cdf = T(0.5) * (T(1) + std::erf(z * static_cast<T>(kInvSqrt2)));
          const T pdf = static_cast<T>(kInvSqrt2Pi) * std::exp(T(-0.5) * z * z);
          d[j] *= cdf + z * pdf;
        }
        break;
    }
    if (mask) d *= mask->row(i).array();
  }
}

}  // namespace

template <class T>
DenseNetwork<T>::DenseNetwork(DenseNetworkOptions options) : options_(std::move(options)) {
  assert(options_.layer_sizes.size() >= 2);
  int offset = 0;
  for (int l = 0; l < NumLayers(); ++l) {
    offsets_.push_back(offset);
    offset += options_.layer_sizes[l] * options_.layer_sizes[l + 1] + options_.layer_sizes[l + 1];
  }
  num_params_ = offset;
}

template <class T>
std::string DenseNetwork<T>::Describe() const {
  std::string s = options_.kind + " ";
  for (size_t i = 0; i < options_.layer_sizes.size(); ++i) {
    if (i) s += "-";
    s += std::to_string(options_.layer_sizes[i]);
  }
  if (NumLayers() > 1) s += std::string(" ") + ActivationName(options_.activation);
  if (options_.dropout > 0 && NumLayers() > 1) {
    s += " dropout=" + std::to_string(options_.dropout).substr(0, 4);
  }
  return s;
}

template <class T>
std::vector<ParamRange> DenseNetwork<T>::WeightRanges() const {
  std::vector<ParamRange> r;
  for (int l = 0; l < NumLayers(); ++l) {
    r.push_back({offsets_[l], options_.layer_sizes[l] * options_.layer_sizes[l + 1]});
  }
  return r;
}

template <class T>
void DenseNetwork<T>::Initialize(std::span<T> params, Rng& rng) const {
  assert(static_cast<int>(params.size()) == num_params_);
  for (int l = 0; l < NumLayers(); ++l) {
    const int fan_in = options_.layer_sizes[l], fan_out = options_.layer_sizes[l + 1];
    const bool hidden = l + 1 < NumLayers();
    const bool relu_like = options_.activation == Activation::kRelu ||
                           options_.activation == Activation::kLeakyRelu ||
                           options_.activation == Activation::kGelu;
    const double bound = hidden && relu_like
                             ? std::sqrt(6.0 / fan_in)
                             : std::sqrt(6.0 / (fan_in + fan_out));
    T* w = params.data() + offsets_[l];
    for (int i = 0; i < fan_in * fan_out; ++i) w[i] = static_cast<T>(rng.Uniform(-bound, bound));
    std::fill(w + fan_in * fan_out, w + fan_in * fan_out + fan_out, T(0));
  }
}

template <class T>
std::unique_ptr<ModelWorkspace> DenseNetwork<T>::MakeWorkspace(int max_rows) const {
  auto ws = std::make_unique<DenseWorkspace<T>>();
  ws->max_rows = std::max(1, max_rows);
  int widest_hidden = 1;
  for (int l = 0; l < NumLayers(); ++l) {
    const int width = options_.layer_sizes[l + 1];
    ws->act.emplace_back(ws->max_rows, width);
    const bool hidden = l + 1 < NumLayers();
    if (hidden) widest_hidden = std::max(widest_hidden, width);
    if (hidden && options_.dropout > 0) {
      ws->mask.emplace_back(ws->max_rows, width);
    } else {
      ws->mask.emplace_back();
    }
    if (hidden && options_.activation == Activation::kGelu) {
      ws->pre.emplace_back(ws->max_rows, width);
    } else {
      ws->pre.emplace_back();
    }
  }
  ws->delta_a.resize(ws->max_rows, widest_hidden);
  ws->delta_b.resize(ws->max_rows, widest_hidden);
  return ws;
}

template <class T>
ConstMatXMap<T> DenseNetwork<T>::Forward(std::span<const T> params, const ConstMatXMap<T>& X,
                                         ModelWorkspace& workspace, Rng* dropout_rng) const {
  auto& ws = static_cast<DenseWorkspace<T>&>(workspace);
  const int n = static_cast<int>(X.rows());
  assert(n <= ws.max_rows && X.cols() == NumInputs());
  ws.rows = n;
  ws.dropped = dropout_rng != nullptr && options_.dropout > 0;
  const T keep_scale = static_cast<T>(1.0 / (1.0 - options_.dropout));
  for (int l = 0; l < NumLayers(); ++l) {
    const int fan_in = options_.layer_sizes[l], fan_out = options_.layer_sizes[l + 1];
    const bool last = l + 1 == NumLayers();
    ConstMatXMap<T> in = l == 0 ? X : View(ws.act[l - 1], n);
    ConstMatXMap<T> W(params.data() + offsets_[l], fan_in, fan_out);
    Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> b(
        params.data() + offsets_[l] + fan_in * fan_out, fan_out);
    MatXMap<T> out(ws.act[l].data(), n, fan_out);
    out.noalias() = in * W;
    BiasActivate(out, b, options_.activation, last, static_cast<T>(options_.negative_slope),
                 last ? nullptr : &ws.pre[l]);
    if (!last && ws.dropped) {
      T* m = ws.mask[l].data();
      const double p = options_.dropout;
      for (int i = 0; i < n * fan_out; ++i) m[i] = dropout_rng->Uniform() < p ? T(0) : keep_scale;
      out.array() *= MatXMap<T>(m, n, fan_out).array();
    }
  }
  return View(ws.act.back(), n);
}

template <class T>
void DenseNetwork<T>::Backward(std::span<const T> params, const ConstMatXMap<T>& X,
                               const ConstMatXMap<T>& d_out, ModelWorkspace& workspace,
                               std::span<T> grad) const {
  auto& ws = static_cast<DenseWorkspace<T>&>(workspace);
  const int n = ws.rows;
  assert(X.rows() == n && d_out.rows() == n && d_out.cols() == NumOutputs());
  const T keep = static_cast<T>(1.0 - options_.dropout);
  ConstMatXMap<T> delta = d_out;
  MatX<T>* next_buf = &ws.delta_a;
  for (int l = NumLayers() - 1; l >= 0; --l) {
    const int fan_in = options_.layer_sizes[l], fan_out = options_.layer_sizes[l + 1];
    ConstMatXMap<T> in = l == 0 ? X : View(ws.act[l - 1], n);
    MatXMap<T> gW(grad.data() + offsets_[l], fan_in, fan_out);
    Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>> gb(grad.data() + offsets_[l] + fan_in * fan_out,
                                                       fan_out);
    gW.noalias() = in.transpose() * delta;
    // Row by row (not colwise().sum(), whose vectorised order depends on gb's address): the
    // same rounding for any buffer alignment, so training is bitwise reproducible.
    gb.setZero();
    for (int i = 0; i < n; ++i) gb += delta.row(i);
    if (l == 0) break;
    ConstMatXMap<T> W(params.data() + offsets_[l], fan_in, fan_out);
    MatXMap<T> next(next_buf->data(), n, fan_in);
    next.noalias() = delta * W.transpose();
    ActivationBackward(next, View(ws.act[l - 1], n), ws.dropped ? &ws.mask[l - 1] : nullptr,
                       options_.activation, keep, static_cast<T>(options_.negative_slope),
                       &ws.pre[l - 1]);
    new (&delta) ConstMatXMap<T>(next.data(), n, fan_in);
    next_buf = next_buf == &ws.delta_a ? &ws.delta_b : &ws.delta_a;
  }
}

template class DenseNetwork<float>;
template class DenseNetwork<double>;

}  // namespace optiscope
