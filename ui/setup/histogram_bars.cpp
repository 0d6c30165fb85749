#include "ui/setup/histogram_bars.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace optiscope::ui {
namespace {

// The text of a bin for tooltips: "[1.5, 2.25): 12" or "red: 40".
QString BinText(const HistogramBin& bin) {
  if (!bin.label.empty()) {
    return QStringLiteral("%1: %2").arg(QString::fromStdString(bin.label)).arg(bin.count);
  }
  return QStringLiteral("%1 to %2: %3")
      .arg(QString::number(bin.low, 'g', 4), QString::number(bin.high, 'g', 4))
      .arg(bin.count);
}

}  // namespace

QList<qreal> BarHeights(const std::vector<HistogramBin>& bins) {
  QList<qreal> heights;
  for (const HistogramBin& bin : bins) heights << static_cast<qreal>(bin.count);
  return heights;
}

void PaintHistogramBars(QPainter* painter, const QRectF& rect, const QList<qreal>& heights,
                        const QColor& color) {
  if (heights.isEmpty() || rect.width() <= 0 || rect.height() <= 0) return;
  const qreal top = *std::max_element(heights.begin(), heights.end());
  if (top <= 0) return;
  const qreal width = rect.width() / heights.size();
  const qreal gap = width >= 4 ? 1.0 : 0.0;
  painter->save();
  painter->setPen(Qt::NoPen);
  painter->setBrush(color);
  for (int i = 0; i < heights.size(); ++i) {
    const qreal h = std::max<qreal>(heights[i] > 0 ? 1.0 : 0.0, rect.height() * heights[i] / top);
    painter->drawRect(QRectF(rect.left() + i * width, rect.bottom() - h, width - gap, h));
  }
  painter->restore();
}

HistogramBars::HistogramBars(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setFixedHeight(72);
}

void HistogramBars::SetBins(const std::vector<HistogramBin>& bins) {
  bins_ = bins;
  update();
}

QRectF HistogramBars::BarArea() const {
  const int text = fontMetrics().height();
  return QRectF(2, 2, width() - 4, height() - text - 6);
}

void HistogramBars::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  const QRectF area = BarArea();
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawLine(area.bottomLeft(), area.bottomRight());
  PaintHistogramBars(&painter, area, BarHeights(bins_), palette().color(QPalette::Highlight));
  if (bins_.empty()) return;
  painter.setPen(palette().color(QPalette::WindowText));
  const QRectF labels(area.left(), area.bottom() + 2, area.width(), fontMetrics().height() + 2);
  if (bins_.front().label.empty()) {  // numeric: the range under the ends
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignTop,
                     QString::number(bins_.front().low, 'g', 4));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignTop,
                     QString::number(bins_.back().high, 'g', 4));
    return;
  }
  const qreal width = labels.width() / static_cast<qreal>(bins_.size());
  for (size_t i = 0; i < bins_.size(); ++i) {
    const QRectF cell(labels.left() + width * static_cast<qreal>(i), labels.top(), width,
                      labels.height());
    const QString name = fontMetrics().elidedText(QString::fromStdString(bins_[i].label),
                                                  Qt::ElideRight, static_cast<int>(width) - 2);
    painter.drawText(cell, Qt::AlignHCenter | Qt::AlignTop, name);
  }
}

bool HistogramBars::event(QEvent* event) {
  if (event->type() != QEvent::ToolTip) return QWidget::event(event);
  const auto* help = static_cast<QHelpEvent*>(event);
  const QRectF area = BarArea();
  if (bins_.empty() || area.width() <= 0) {
    QToolTip::hideText();
    return true;
  }
  const int i = std::clamp(
      static_cast<int>((help->pos().x() - area.left()) * static_cast<qreal>(bins_.size()) /
                       area.width()),
      0, static_cast<int>(bins_.size()) - 1);
  QToolTip::showText(help->globalPos(), BinText(bins_[static_cast<size_t>(i)]), this);
  return true;
}

void HistogramDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
  QStyleOptionViewItem background = option;
  initStyleOption(&background, index);
  background.text.clear();
  QStyle* style = background.widget ? background.widget->style() : nullptr;
  if (style) style->drawControl(QStyle::CE_ItemViewItem, &background, painter, background.widget);
  const QList<qreal> heights = index.data(kHistogramRole).value<QList<qreal>>();
  const bool selected = option.state.testFlag(QStyle::State_Selected);
  const QColor color = option.palette.color(selected ? QPalette::HighlightedText
                                                     : QPalette::Highlight);
  PaintHistogramBars(painter, QRectF(option.rect).adjusted(3, 3, -3, -3), heights, color);
}

QSize HistogramDelegate::sizeHint(const QStyleOptionViewItem& option,
                                  const QModelIndex& index) const {
  return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(64, 0));
}

}  // namespace optiscope::ui
