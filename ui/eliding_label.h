// ElidingLabel: a one-line label that asks for no width of its own, so a long message never
// widens its window; what does not fit ends in "…" and the full text is the tooltip.
#pragma once

#include <QLabel>

namespace optiscope::ui {

// Shows the first line of its text. GUI thread only.
class ElidingLabel final : public QLabel {
  Q_OBJECT

 public:
  explicit ElidingLabel(QWidget* parent = nullptr);

  // Sets the text (shown elided to the label's width; the whole of it in the tooltip).
  void SetFullText(const QString& text);
  const QString& FullText() const { return full_; }

  QSize minimumSizeHint() const override;
  QSize sizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void Elide();
  QString full_;
};

}  // namespace optiscope::ui
