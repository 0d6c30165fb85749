#include "ui/setup/sci_spin_box.h"

#include <cmath>

namespace optiscope::ui {

SciSpinBox::SciSpinBox(double minimum, double maximum, bool logarithmic, QWidget* parent)
    : QDoubleSpinBox(parent), logarithmic_(logarithmic) {
  setDecimals(12);  // QDoubleSpinBox rounds values to `decimals`; keep small rates exact
  setRange(minimum, maximum);
  setSingleStep(0.1);
  setKeyboardTracking(false);
}

QString SciSpinBox::textFromValue(double value) const { return QString::number(value, 'g', 6); }

double SciSpinBox::valueFromText(const QString& text) const {
  return text.trimmed().toDouble();
}

QValidator::State SciSpinBox::validate(QString& text, int& /*pos*/) const {
  const QString t = text.trimmed();
  if (t.isEmpty() || t == "-" || t == "." || t.endsWith('e') || t.endsWith('E') ||
      t.endsWith("e-") || t.endsWith("E-") || t.endsWith("e+")) {
    return QValidator::Intermediate;
  }
  bool ok = false;
  const double v = t.toDouble(&ok);
  if (!ok) return QValidator::Invalid;
  return (v >= minimum() && v <= maximum()) ? QValidator::Acceptable : QValidator::Intermediate;
}

void SciSpinBox::stepBy(int steps) {
  if (!logarithmic_ || value() <= 0.0) {
    QDoubleSpinBox::stepBy(steps);
    return;
  }
  setValue(value() * std::pow(10.0, steps));
}

}  // namespace optiscope::ui
