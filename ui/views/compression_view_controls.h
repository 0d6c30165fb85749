// CompressionControls: the sweep-grid editor of the Compress mode — which bit-widths and sparsity
// levels to measure and how (per-channel scales, activation bits, structured or unstructured
// pruning, fine-tuning epochs, QAT).
#pragma once

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QWidget>
#include <utility>
#include <vector>

#include "engine/compress/sweep.h"

namespace optiscope::ui {

// Shows a SweepOptions and reads it back. Its controls wrap onto as many rows as its width needs
// (FlowLayout; a label stays with its field), each keeping its whole text. GUI thread only.
class CompressionControls final : public QWidget {
  Q_OBJECT

 public:
  explicit CompressionControls(QWidget* parent = nullptr);

  // Puts `options`' grid and base settings into the controls.
  void SetOptions(const SweepOptions& options);
  // `base` with the grid and settings of the controls. False with a message naming the problem
  // (no bit-width checked, a sparsity that is not a number in [0, 1)).
  bool Read(const SweepOptions& base, SweepOptions* out, QString* error) const;

  QCheckBox* bits_box(double bits) const;  // null for a bit-width without a box
  QLineEdit* sparsity_edit() const { return sparsities_; }
  QCheckBox* per_channel_box() const { return per_channel_; }
  QComboBox* activation_box() const { return activation_; }
  QComboBox* pruning_box() const { return pruning_; }
  QSpinBox* epochs_box() const { return epochs_; }
  QCheckBox* qat_box() const { return qat_; }

 signals:
  void changed();

 private:
  std::vector<std::pair<double, QCheckBox*>> bits_;
  QLineEdit* sparsities_ = nullptr;
  QCheckBox* per_channel_ = nullptr;
  QComboBox* activation_ = nullptr;
  QComboBox* pruning_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QCheckBox* qat_ = nullptr;
};

}  // namespace optiscope::ui
