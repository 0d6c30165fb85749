// CollapsibleSection: a titled box of the Experiment dock whose body folds away with its header.
#pragma once

#include <QWidget>

class QToolButton;
class QVBoxLayout;

namespace optiscope::ui {

// A header button with an arrow and a body widget below it; clicking the header shows or hides the
// body. Sections of the Experiment dock derive from it and fill body_layout(). GUI thread only.
class CollapsibleSection : public QWidget {
  Q_OBJECT

 public:
  CollapsibleSection(const QString& title, QWidget* parent = nullptr);

  bool IsExpanded() const;
  void SetExpanded(bool expanded);

 protected:
  // Where a section puts its controls.
  QVBoxLayout* body_layout() const { return body_layout_; }

 private:
  QToolButton* header_ = nullptr;
  QWidget* body_ = nullptr;
  QVBoxLayout* body_layout_ = nullptr;
};

}  // namespace optiscope::ui
