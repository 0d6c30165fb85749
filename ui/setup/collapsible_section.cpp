#include "ui/setup/collapsible_section.h"

#include <QFrame>
#include <QToolButton>
#include <QVBoxLayout>

namespace optiscope::ui {

CollapsibleSection::CollapsibleSection(const QString& title, QWidget* parent) : QWidget(parent) {
  header_ = new QToolButton(this);
  header_->setText(title);
  header_->setCheckable(true);
  header_->setChecked(true);
  header_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  header_->setArrowType(Qt::DownArrow);
  header_->setAutoRaise(true);
  header_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  QFont font = header_->font();
  font.setBold(true);
  header_->setFont(font);
  header_->setToolTip(tr("Show or hide the %1 settings").arg(title));

  auto* line = new QFrame(this);
  line->setFrameShape(QFrame::HLine);
  line->setFrameShadow(QFrame::Sunken);

  body_ = new QWidget(this);
  body_layout_ = new QVBoxLayout(body_);
  body_layout_->setContentsMargins(8, 2, 2, 6);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(header_);
  layout->addWidget(line);
  layout->addWidget(body_);

  connect(header_, &QToolButton::toggled, this, &CollapsibleSection::SetExpanded);
}

bool CollapsibleSection::IsExpanded() const { return body_->isVisibleTo(this); }

void CollapsibleSection::SetExpanded(bool expanded) {
  header_->setChecked(expanded);
  header_->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
  body_->setVisible(expanded);
}

}  // namespace optiscope::ui
