#include "ui/views/log_pane.h"

#include <QTime>

namespace optiscope::ui {

LogPane::LogPane(QWidget* parent) : QPlainTextEdit(parent) {
  setReadOnly(true);
  setMaximumBlockCount(kMaxLines);
  setLineWrapMode(QPlainTextEdit::NoWrap);
  setFont(QFont(QStringLiteral("monospace")));
  setToolTip(tr("Messages from the engine, run summaries and errors"));
}

void LogPane::Append(LogLine::Level level, const QString& text) {
  QString prefix;
  if (level == LogLine::Level::kWarning) prefix = tr("warning: ");
  if (level == LogLine::Level::kError) prefix = tr("error: ");
  appendPlainText(QStringLiteral("%1  %2%3")
                      .arg(QTime::currentTime().toString("HH:mm:ss"), prefix, text));
}

void LogPane::Append(const LogLine& line) {
  Append(line.level, QString::fromStdString(line.text));
}

}  // namespace optiscope::ui
