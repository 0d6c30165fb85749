// ScreenshotRun: `optiscope --mode MODE --screenshot PNG [--size WxH]` — runs one mode of the
// window to completion at a fixed window size and saves a picture of the window (used for the
// docs' screenshots, and by tests to check that no mode grows the window).
#pragma once

#include <QObject>
#include <QSize>
#include <QString>
#include <optional>

#include "ui/modes.h"

namespace optiscope::ui {

class MainWindow;

// "train", "race", "search", "compress", "project" or "select" (case-insensitive); nullopt else.
std::optional<Mode> ParseModeName(const QString& name);
// "WxH" with both at least 200 (e.g. "1024x700"); nullopt else.
std::optional<QSize> ParseWindowSize(const QString& text);

// Shows `mode`'s tab, resizes the window to `size`, runs the mode on the window's current
// configuration and, once it finished and painted, writes the window to `png`. Emits `done`
// exactly once: ok false with a message when the run could not start, failed, or the picture could
// not be written. size_after() is the window's size when the picture was taken. GUI thread only.
class ScreenshotRun final : public QObject {
  Q_OBJECT

 public:
  ScreenshotRun(MainWindow* window, Mode mode, QString png, QSize size, QObject* parent = nullptr);

  // Starts the run after the window has settled (asynchronous; the result comes in `done`).
  void Start();
  QSize size_after() const { return size_after_; }

 signals:
  void done(bool ok, const QString& message);

 private:
  void Run();
  void Save(const QString& summary, bool ok);

  MainWindow* window_;
  Mode mode_;
  QString png_;
  QSize size_;
  QSize size_after_;
  bool finished_ = false;
};

}  // namespace optiscope::ui
