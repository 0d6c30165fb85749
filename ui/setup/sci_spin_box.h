// SciSpinBox: a QDoubleSpinBox that shows and accepts scientific notation (1e-3, 0.9, 2.5e-4).
#pragma once

#include <QDoubleSpinBox>

namespace optiscope::ui {

// Shows values with up to 6 significant digits ("0.001", "1e-08"); accepts any double text in
// [minimum, maximum]. Arrow steps multiply/divide by 10 when `logarithmic` is set, else add
// singleStep. GUI thread only.
class SciSpinBox final : public QDoubleSpinBox {
  Q_OBJECT

 public:
  SciSpinBox(double minimum, double maximum, bool logarithmic, QWidget* parent = nullptr);

  QString textFromValue(double value) const override;
  double valueFromText(const QString& text) const override;
  QValidator::State validate(QString& text, int& pos) const override;
  void stepBy(int steps) override;

 private:
  bool logarithmic_;
};

}  // namespace optiscope::ui
