// Histogram bars as the data inspector draws them: a widget for the selected column and an item
// delegate for the small distribution in each row. Both draw bins the engine computed
// (engine/data/histogram.h); nothing here counts.
#pragma once

#include <QList>
#include <QStyledItemDelegate>
#include <QWidget>
#include <vector>

#include "engine/data/histogram.h"

namespace optiscope::ui {

// The item data role under which the inspector stores a row's bar heights (QList<qreal>).
inline constexpr int kHistogramRole = Qt::UserRole + 40;

// The counts of `bins` as bar heights.
QList<qreal> BarHeights(const std::vector<HistogramBin>& bins);

// Paints `heights` as bars side by side filling `rect` (the tallest bar is full height), in
// `color`; nothing for no bars or all-zero heights.
void PaintHistogramBars(QPainter* painter, const QRectF& rect, const QList<qreal>& heights,
                        const QColor& color);

// Draws one column's bins with the range (numeric: min and max under the ends) or the category
// names (categorical, elided) under the bars; each bar's tooltip gives its range or category and
// count. Follows the palette (highlight colour). GUI thread only.
class HistogramBars final : public QWidget {
  Q_OBJECT

 public:
  explicit HistogramBars(QWidget* parent = nullptr);

  // Shows `bins` (numeric when their labels are empty); an empty list clears the widget.
  void SetBins(const std::vector<HistogramBin>& bins);
  int BarCount() const { return static_cast<int>(bins_.size()); }

  QSize sizeHint() const override { return {240, 72}; }
  QSize minimumSizeHint() const override { return {80, 48}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;  // per-bar tooltips

 private:
  QRectF BarArea() const;
  std::vector<HistogramBin> bins_;
};

// Paints the QList<qreal> under kHistogramRole as small bars in the cell (the text, if any, is
// not drawn). Used by the inspector's distribution column.
class HistogramDelegate final : public QStyledItemDelegate {
  Q_OBJECT

 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace optiscope::ui
