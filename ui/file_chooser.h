// FileChooser: how the window asks the user for a file path. The window's file dialogs all go
// through one, so a test can answer them without a modal dialog.
#pragma once

#include <QString>
#include <functional>

class QWidget;

namespace optiscope::ui {

// What to ask for.
struct FileRequest {
  enum class Kind { kOpen, kSave };
  Kind kind = Kind::kOpen;  // kOpen: an existing file; kSave: a file to (over)write
  QString title;
  QString suggestion;  // the directory or file name the dialog starts from (may be empty)
  QString filter;      // QFileDialog name filters, ";;"-separated
};

// Returns the chosen path, or an empty string when the user cancelled. Called on the GUI thread.
using FileChooser = std::function<QString(QWidget* parent, const FileRequest& request)>;

// The platform's modal file dialog (QFileDialog::getOpenFileName / getSaveFileName).
QString AskWithFileDialog(QWidget* parent, const FileRequest& request);

// A modal Yes/No QMessageBox; true when the user answered Yes.
bool AskYesNo(QWidget* parent, const QString& question);

}  // namespace optiscope::ui
