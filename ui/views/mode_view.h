// ModeView: the contract between MainWindow and the view of a mode (Train, Race, Search, Compress,
// Project, Select). MainWindow's Run/Stop call Start/RequestStop on the view of the tab shown and
// mirror its signals in the status bar, the log and the Run/Stop actions. Views never look each
// other up: what one view's work means to another travels through signals MainWindow connects.
#pragma once

#include <QString>
#include <QWidget>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "ui/engine_types.h"  // views' signals and slots carry these value types

namespace optiscope::ui {

class ModeView : public QWidget {
  Q_OBJECT

 public:
  using QWidget::QWidget;

  // Starts this mode's work for `config` (the Experiment dock's current configuration) off the
  // GUI thread. Returns false after emitting errorReported when it cannot start.
  virtual bool Start(const ExperimentConfig& config) = 0;
  // Asks the work in flight to stop; never blocks.
  virtual void RequestStop() = 0;
  // True from a successful Start until `finished` has been emitted.
  virtual bool IsRunning() const = 0;
  // What `started` / `progressed` count, as the status bar's progress bar names it.
  virtual QString StepUnit() const { return tr("epochs"); }

 signals:
  // Work began: a one-line description and the number of steps (epochs, trials, points).
  void started(const QString& description, int total_steps);
  // Progress for the status bar; elapsed in seconds.
  void progressed(int done, int total, double elapsed_seconds);
  // Work ended; `summary` is one line for the log and status bar; ok false on failure.
  void finished(const QString& summary, bool ok);
  // A problem the user must see (MainWindow shows it in the log, status bar and a message box).
  void errorReported(const QString& message);
  // An informational line for the log.
  void logMessage(const QString& text);
};

}  // namespace optiscope::ui
