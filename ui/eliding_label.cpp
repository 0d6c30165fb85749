#include "ui/eliding_label.h"

#include <QResizeEvent>
#include <algorithm>

namespace optiscope::ui {
namespace {
constexpr int kMinimumWidth = 40;
}

ElidingLabel::ElidingLabel(QWidget* parent) : QLabel(parent) {
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  setMinimumWidth(kMinimumWidth);
}

void ElidingLabel::SetFullText(const QString& text) {
  full_ = text;
  setToolTip(text);
  Elide();
}

QSize ElidingLabel::minimumSizeHint() const {
  return {kMinimumWidth, QLabel::minimumSizeHint().height()};
}

QSize ElidingLabel::sizeHint() const {
  const QString line = full_.section(QLatin1Char('\n'), 0, 0);
  return {std::max(kMinimumWidth, fontMetrics().horizontalAdvance(line) + 4),
          QLabel::sizeHint().height()};
}

void ElidingLabel::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  Elide();
}

void ElidingLabel::Elide() {
  const QString line = full_.section(QLatin1Char('\n'), 0, 0);
  setText(fontMetrics().elidedText(line, Qt::ElideRight, std::max(0, width() - 2)));
}

}  // namespace optiscope::ui
