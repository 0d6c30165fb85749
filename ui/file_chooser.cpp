#include "ui/file_chooser.h"

#include <QFileDialog>
#include <QMessageBox>

namespace optiscope::ui {

QString AskWithFileDialog(QWidget* parent, const FileRequest& request) {
  if (request.kind == FileRequest::Kind::kSave) {
    return QFileDialog::getSaveFileName(parent, request.title, request.suggestion, request.filter);
  }
  return QFileDialog::getOpenFileName(parent, request.title, request.suggestion, request.filter);
}

bool AskYesNo(QWidget* parent, const QString& question) {
  return QMessageBox::question(parent, QObject::tr("Optiscope"), question,
                               QMessageBox::Yes | QMessageBox::No,
                               QMessageBox::No) == QMessageBox::Yes;
}

}  // namespace optiscope::ui
