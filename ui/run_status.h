// RunStatus: the status-bar widgets — what runs, a progress bar, and the estimated time left.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace optiscope::ui {

class ElidingLabel;

// The text elides to the width the status bar gives it (the full text is its tooltip), so a long
// message never widens the window. GUI thread only.
class RunStatus final : public QWidget {
  Q_OBJECT

 public:
  explicit RunStatus(QWidget* parent = nullptr);

  // Nothing runs: shows `text`, hides progress and ETA.
  void ShowIdle(const QString& text);
  // A run of `total` steps began; `unit` names them in the progress bar ("epochs", "trials").
  void ShowStarted(const QString& what, int total, const QString& unit = QStringLiteral("epochs"));
  // `done` of `total` steps after `elapsed_seconds`; the ETA assumes the mean step time so far.
  void ShowProgress(int done, int total, double elapsed_seconds);

  QString Text() const;
  QString Eta() const;
  QProgressBar* progress_bar() const { return progress_; }

 private:
  ElidingLabel* what_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* eta_ = nullptr;
};

}  // namespace optiscope::ui
