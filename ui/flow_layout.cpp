#include "ui/flow_layout.h"

#include <QStyle>
#include <QWidget>
#include <algorithm>
#include <vector>

namespace optiscope::ui {

FlowLayout::FlowLayout(QWidget* parent) : QLayout(parent) {}

FlowLayout::~FlowLayout() {
  while (QLayoutItem* item = takeAt(0)) delete item;
}

void FlowLayout::addItem(QLayoutItem* item) { items_.append(item); }

QLayoutItem* FlowLayout::itemAt(int index) const {
  return index >= 0 && index < items_.size() ? items_.at(index) : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index) {
  return index >= 0 && index < items_.size() ? items_.takeAt(index) : nullptr;
}

int FlowLayout::heightForWidth(int width) const {
  int rows = 0;
  return Arrange(QRect(0, 0, width, 0), false, &rows);
}

int FlowLayout::RowsAt(int width) const {
  int rows = 0;
  Arrange(QRect(0, 0, width, 0), false, &rows);
  return rows;
}

QSize FlowLayout::minimumSize() const {
  // As wide as the widest item (every item on a row of its own), as tall as one row.
  QSize size;
  for (const QLayoutItem* item : items_) size = size.expandedTo(item->minimumSize());
  const QMargins m = contentsMargins();
  return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const {
  // Every item on one row.
  int width = 0;
  int height = 0;
  for (const QLayoutItem* item : items_) {
    if (item->isEmpty()) continue;
    if (width > 0) width += Gap(Qt::Horizontal);
    width += item->sizeHint().width();
    height = std::max(height, item->sizeHint().height());
  }
  const QMargins m = contentsMargins();
  return QSize(width + m.left() + m.right(), height + m.top() + m.bottom());
}

void FlowLayout::setGeometry(const QRect& rect) {
  QLayout::setGeometry(rect);
  int rows = 0;
  Arrange(rect, true, &rows);
}

int FlowLayout::Arrange(const QRect& rect, bool apply, int* rows) const {
  const QRect area = rect.marginsRemoved(contentsMargins());
  const int h_gap = Gap(Qt::Horizontal);
  const int v_gap = Gap(Qt::Vertical);
  *rows = 0;
  int y = area.y();
  size_t first = 0;  // the first item of the row being filled
  std::vector<QLayoutItem*> shown;
  for (QLayoutItem* item : items_) {
    if (!item->isEmpty()) shown.push_back(item);
  }
  while (first < shown.size()) {
    // Take items while they fit (at least one per row).
    size_t end = first;
    int width = 0;
    int height = 0;
    while (end < shown.size()) {
      const int w = shown[end]->sizeHint().width();
      const int needed = width + (end > first ? h_gap : 0) + w;
      if (end > first && needed > area.width()) break;
      width = needed;
      height = std::max(height, shown[end]->sizeHint().height());
      ++end;
    }
    if (apply) {
      int x = area.x();
      for (size_t i = first; i < end; ++i) {
        QLayoutItem* item = shown[i];
        const QSize hint = item->sizeHint();
        // A lone item wider than the row gets the row's width (it cannot be helped).
        const int w = end - first == 1 ? std::min(hint.width(), area.width()) : hint.width();
        item->setGeometry(QRect(x, y + (height - hint.height()) / 2, w, hint.height()));
        x += w + h_gap;
      }
    }
    ++*rows;
    y += height + (end < shown.size() ? v_gap : 0);
    first = end;
  }
  const QMargins m = contentsMargins();
  return y - rect.y() + m.bottom();
}

int FlowLayout::Gap(Qt::Orientation orientation) const {
  const int set = spacing();
  if (set >= 0) return set;
  constexpr int kFallback = 6;  // a style without layout spacing (it answers -1)
  const QWidget* owner = parentWidget();
  if (owner == nullptr) return kFallback;
  const int gap =
      owner->style()->pixelMetric(orientation == Qt::Horizontal ? QStyle::PM_LayoutHorizontalSpacing
                                                                : QStyle::PM_LayoutVerticalSpacing,
                                  nullptr, owner);
  return gap >= 0 ? gap : kFallback;
}

}  // namespace optiscope::ui
