#include "ui/screenshot_run.h"

#include <QPixmap>
#include <QRegularExpression>
#include <QTimer>

#include "ui/charts/chart_export.h"
#include "ui/main_window.h"
#include "ui/views/mode_view.h"

namespace optiscope::ui {
namespace {

constexpr int kSettleMs = 400;  // the window lays out and paints before the run / the picture

}  // namespace

std::optional<Mode> ParseModeName(const QString& name) {
  for (const ModeInfo& info : AvailableModes()) {
    if (ModeName(info.mode).compare(name.trimmed(), Qt::CaseInsensitive) == 0) return info.mode;
  }
  return std::nullopt;
}

std::optional<QSize> ParseWindowSize(const QString& text) {
  static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{3,5})\\s*[xX]\\s*(\\d{3,5})\\s*$"));
  const QRegularExpressionMatch m = pattern.match(text);
  if (!m.hasMatch()) return std::nullopt;
  const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
  if (size.width() < 200 || size.height() < 200) return std::nullopt;
  return size;
}

ScreenshotRun::ScreenshotRun(MainWindow* window, Mode mode, QString png, QSize size,
                             QObject* parent)
    : QObject(parent), window_(window), mode_(mode), png_(std::move(png)), size_(size) {}

void ScreenshotRun::Start() {
  window_->SetMode(mode_);
  window_->resize(size_);
  ModeView* view = window_->mode_view(mode_);
  if (view == nullptr) {
    QTimer::singleShot(0, this, [this] { emit done(false, tr("This build has no such mode")); });
    return;
  }
  connect(view, &ModeView::finished, this, &ScreenshotRun::Save);
  QTimer::singleShot(kSettleMs, this, &ScreenshotRun::Run);
}

void ScreenshotRun::Run() {
  if (!window_->Run()) emit done(false, tr("The %1 run could not start").arg(ModeName(mode_)));
}

void ScreenshotRun::Save(const QString& summary, bool ok) {
  if (finished_) return;
  finished_ = true;
  // Let the last events paint, then grab the whole window.
  QTimer::singleShot(kSettleMs, this, [this, summary, ok] {
    size_after_ = window_->size();
    if (!ok) {
      emit done(false, summary);
      return;
    }
    if (!SaveWidgetPng(window_, png_)) {
      emit done(false, tr("Cannot write %1").arg(png_));
      return;
    }
    emit done(true, summary);
  });
}

}  // namespace optiscope::ui
