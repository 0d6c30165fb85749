#include "ui/run_status.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <algorithm>
#include <cmath>

#include "ui/eliding_label.h"

namespace optiscope::ui {

RunStatus::RunStatus(QWidget* parent) : QWidget(parent) {
  what_ = new ElidingLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setObjectName("runProgress");
  progress_->setMaximumWidth(220);
  progress_->setFormat(tr("%v / %m epochs"));
  progress_->setToolTip(tr("Steps done"));
  eta_ = new QLabel(this);
  eta_->setToolTip(tr("Estimated time left, from the mean epoch time so far"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 0, 4, 0);
  layout->addWidget(what_, 1);
  layout->addWidget(progress_);
  layout->addWidget(eta_);
  ShowIdle(tr("Ready"));
}

void RunStatus::ShowIdle(const QString& text) {
  what_->SetFullText(text);
  progress_->hide();
  eta_->clear();
  eta_->hide();
}

void RunStatus::ShowStarted(const QString& what, int total, const QString& unit) {
  what_->SetFullText(what);
  progress_->setFormat(QStringLiteral("%v / %m ") + unit);
  progress_->setToolTip(tr("%1 done").arg(unit));
  progress_->setRange(0, std::max(1, total));
  progress_->setValue(0);
  progress_->show();
  eta_->setText(tr("ETA –"));
  eta_->show();
}

void RunStatus::ShowProgress(int done, int total, double elapsed_seconds) {
  progress_->setRange(0, std::max(1, total));
  progress_->setValue(done);
  if (done <= 0 || !std::isfinite(elapsed_seconds)) return;
  const double left = elapsed_seconds / done * (total - done);
  const int s = static_cast<int>(std::ceil(left));
  eta_->setText(s < 60 ? tr("ETA %1 s").arg(s)
                       : tr("ETA %1:%2 min").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0')));
}

QString RunStatus::Text() const { return what_->FullText(); }
QString RunStatus::Eta() const { return eta_->text(); }

}  // namespace optiscope::ui
