// RunStatus: the status-bar widgets — what runs, a progress bar, and the estimated time left.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace optiscope::ui {

// GUI thread only.
class RunStatus final : public QWidget {
  Q_OBJECT

 public:
  explicit RunStatus(QWidget* parent = nullptr);

  // Nothing runs: shows `text`, hides progress and ETA.
  void ShowIdle(const QString& text);
  // A run of `total` epochs began.
  void ShowStarted(const QString& what, int total);
  // `done` of `total` epochs after `elapsed_seconds`; the ETA assumes the mean epoch time so far.
  void ShowProgress(int done, int total, double elapsed_seconds);

  QString Text() const;
  QString Eta() const;
  QProgressBar* progress_bar() const { return progress_; }

 private:
  QLabel* what_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* eta_ = nullptr;
};

}  // namespace optiscope::ui
