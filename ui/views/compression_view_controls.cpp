#include "ui/views/compression_view_controls.h"

#include <QHBoxLayout>
#include <QLabel>
#include <cmath>
#include <initializer_list>

#include "ui/flow_layout.h"

namespace optiscope::ui {

namespace {

constexpr double kBitWidths[] = {32, 8, 4, 2, 1.58, 1};

QString BitsText(double bits) {
  if (bits == 32) return QObject::tr("float32");
  if (bits == 1.58) return QObject::tr("ternary");
  if (bits == 1) return QObject::tr("binary");
  return QObject::tr("int%1").arg(static_cast<int>(bits));
}

// Pruning choices: (structured, norm).
enum PruningChoice { kUnstructured = 0, kStructuredL2 = 1, kStructuredL1 = 2 };

// A row of `widgets` that wraps as one piece (a label stays beside its field).
QWidget* CompressionControlsGroup(QWidget* parent, std::initializer_list<QWidget*> widgets) {
  auto* group = new QWidget(parent);
  auto* layout = new QHBoxLayout(group);
  layout->setContentsMargins(0, 0, 0, 0);
  for (QWidget* w : widgets) {
    w->setParent(group);
    layout->addWidget(w);
  }
  return group;
}

}  // namespace

CompressionControls::CompressionControls(QWidget* parent) : QWidget(parent) {
  // The groups wrap onto as many rows as the width needs, so that at 1024 px every control keeps
  // its whole text ("int8", not "int"; "unstructured", not "unstru").
  auto* flow = new FlowLayout(this);
  flow->setContentsMargins(0, 0, 0, 0);
  auto* bits_group = new QWidget(this);
  bits_group->setObjectName("compressBitsGroup");
  auto* bits_row = new QHBoxLayout(bits_group);
  bits_row->setContentsMargins(0, 0, 0, 0);
  bits_row->addWidget(new QLabel(tr("Bits:"), bits_group));
  for (double bits : kBitWidths) {
    auto* box = new QCheckBox(BitsText(bits), bits_group);
    box->setToolTip(tr("Measure %1 weights").arg(BitsText(bits)));
    bits_.emplace_back(bits, box);
    bits_row->addWidget(box);
    connect(box, &QCheckBox::toggled, this, &CompressionControls::changed);
  }
  flow->addWidget(bits_group);

  per_channel_ = new QCheckBox(tr("per-channel"), this);
  per_channel_->setToolTip(tr("One scale per output neuron (else one per layer)"));
  flow->addWidget(per_channel_);
  qat_ = new QCheckBox(tr("QAT"), this);
  qat_->setToolTip(
      tr("Quantization-aware fine-tuning (straight-through estimator) before "
         "quantizing"));
  flow->addWidget(qat_);
  activation_ = new QComboBox(this);
  activation_->addItem(tr("8-bit"), 8);
  activation_->addItem(tr("4-bit"), 4);
  activation_->addItem(tr("float"), 0);
  activation_->setToolTip(tr("Static activation quantization calibrated on the validation rows"));
  flow->addWidget(CompressionControlsGroup(this, {new QLabel(tr("Activations:")), activation_}));

  sparsities_ = new QLineEdit(this);
  sparsities_->setToolTip(
      tr("Comma-separated pruning levels in [0, 1), e.g. 0,0.5,0.7,0.9; "
         "every bit-width is measured at every level"));
  // Room for a typical list such as "0,0.5,0.7,0.9,0.95".
  sparsities_->setMinimumWidth(
      sparsities_->fontMetrics().horizontalAdvance(QStringLiteral("0,0.5,0.7,0.9,0.95")) + 16);
  pruning_ = new QComboBox(this);
  pruning_->setObjectName("pruningKindCombo");
  pruning_->addItem(tr("unstructured"));
  pruning_->addItem(tr("structured (L2)"));
  pruning_->addItem(tr("structured (L1)"));
  pruning_->setSizeAdjustPolicy(QComboBox::AdjustToContents);  // its longest choice, whole
  pruning_->setToolTip(
      tr("Unstructured: zero the smallest weights. Structured: remove whole "
         "hidden neurons with the smallest weight norm (a smaller network)"));
  flow->addWidget(
      CompressionControlsGroup(this, {new QLabel(tr("Sparsity:")), sparsities_, pruning_}));
  epochs_ = new QSpinBox(this);
  epochs_->setRange(0, 500);
  epochs_->setToolTip(tr("Epochs of gradual pruning / QAT fine-tuning (0: one-shot pruning)"));
  flow->addWidget(CompressionControlsGroup(this, {new QLabel(tr("Fine-tune epochs:")), epochs_}));
  connect(sparsities_, &QLineEdit::textChanged, this, &CompressionControls::changed);
  connect(pruning_, &QComboBox::currentIndexChanged, this, &CompressionControls::changed);
  connect(per_channel_, &QCheckBox::toggled, this, &CompressionControls::changed);
  connect(activation_, &QComboBox::currentIndexChanged, this, &CompressionControls::changed);
  connect(epochs_, &QSpinBox::valueChanged, this, &CompressionControls::changed);
  connect(qat_, &QCheckBox::toggled, this, &CompressionControls::changed);
  SetOptions(SweepOptions{});
}

void CompressionControls::SetOptions(const SweepOptions& options) {
  for (auto& [bits, box] : bits_) {
    bool on = false;
    for (double b : options.bits) on |= std::fabs(b - bits) < 1e-9;
    box->setChecked(on);
  }
  QStringList levels;
  for (double s : options.sparsities) levels << QString::number(s);
  sparsities_->setText(levels.join(","));
  const CompressionSettings& base = options.base;
  pruning_->setCurrentIndex(!base.structured               ? kUnstructured
                            : base.norm == NeuronNorm::kL1 ? kStructuredL1
                                                           : kStructuredL2);
  per_channel_->setChecked(base.per_channel);
  const int act = activation_->findData(base.activation_bits);
  activation_->setCurrentIndex(act >= 0 ? act : 0);
  epochs_->setValue(base.fine.epochs);
  qat_->setChecked(base.qat);
}

bool CompressionControls::Read(const SweepOptions& base, SweepOptions* out, QString* error) const {
  SweepOptions o = base;
  o.bits.clear();
  for (const auto& [bits, box] : bits_) {
    if (box->isChecked()) o.bits.push_back(bits);
  }
  if (o.bits.empty()) {
    *error = tr("Check at least one bit-width to measure.");
    return false;
  }
  o.sparsities.clear();
  for (const QString& part : sparsities_->text().split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const double s = part.trimmed().toDouble(&ok);
    if (!ok || !(s >= 0 && s < 1)) {
      *error = tr("Sparsity '%1' is not a number in [0, 1).").arg(part.trimmed());
      return false;
    }
    o.sparsities.push_back(s);
  }
  if (o.sparsities.empty()) o.sparsities = {0.0};
  o.base.structured = pruning_->currentIndex() != kUnstructured;
  o.base.norm = pruning_->currentIndex() == kStructuredL1 ? NeuronNorm::kL1 : NeuronNorm::kL2;
  o.base.per_channel = per_channel_->isChecked();
  o.base.activation_bits = activation_->currentData().toInt();
  o.base.fine.epochs = epochs_->value();
  o.base.prune_fine_tune = epochs_->value() > 0;
  o.base.qat = qat_->isChecked();
  *out = std::move(o);
  return true;
}

QCheckBox* CompressionControls::bits_box(double bits) const {
  for (const auto& [b, box] : bits_) {
    if (std::fabs(b - bits) < 1e-9) return box;
  }
  return nullptr;
}

}  // namespace optiscope::ui
