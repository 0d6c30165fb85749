// LogPane: the "Log" tab of the bottom dock — engine log lines, run summaries and errors.
#pragma once

#include <QPlainTextEdit>

#include "engine/events/events.h"

namespace optiscope::ui {

// Read-only, time-stamped, keeps the last kMaxLines lines. GUI thread only.
class LogPane final : public QPlainTextEdit {
  Q_OBJECT

 public:
  static constexpr int kMaxLines = 5000;

  explicit LogPane(QWidget* parent = nullptr);

  void Append(LogLine::Level level, const QString& text);
  void Append(const LogLine& line);
};

}  // namespace optiscope::ui
