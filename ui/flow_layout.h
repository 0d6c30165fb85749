// FlowLayout: lays its items out left to right and wraps them onto the next row when the width
// runs out, as text wraps — for a row of controls that must fit a narrow window without cutting
// any of them (Qt's "Flow Layout" example, reduced to what the views need).
#pragma once

#include <QLayout>
#include <QList>

namespace optiscope::ui {

// Each item keeps its size hint, so no text is cut (only an item wider than the whole row is
// narrowed to it); rows are as tall as their tallest item, items centred vertically in them. Height
// follows width (hasHeightForWidth), so the parent layout gives it as many rows as it needs.
// Spacing between items and rows is the style's unless set. GUI thread only.
class FlowLayout final : public QLayout {
 public:
  explicit FlowLayout(QWidget* parent = nullptr);
  ~FlowLayout() override;
  FlowLayout(const FlowLayout&) = delete;
  FlowLayout& operator=(const FlowLayout&) = delete;

  // The number of rows the items take at width `width` (contents margins included).
  int RowsAt(int width) const;

  // QLayout.
  void addItem(QLayoutItem* item) override;
  int count() const override { return static_cast<int>(items_.size()); }
  QLayoutItem* itemAt(int index) const override;
  QLayoutItem* takeAt(int index) override;
  Qt::Orientations expandingDirections() const override { return {}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize minimumSize() const override;
  QSize sizeHint() const override;
  void setGeometry(const QRect& rect) override;

 private:
  // Places the items in `rect` (only when `apply`); returns the height used and sets *rows.
  int Arrange(const QRect& rect, bool apply, int* rows) const;
  int Gap(Qt::Orientation orientation) const;

  QList<QLayoutItem*> items_;
};

}  // namespace optiscope::ui
