#include "ui/file_chooser.h"

#include <QFileDialog>

namespace optiscope::ui {

QString AskWithFileDialog(QWidget* parent, const FileRequest& request) {
  if (request.kind == FileRequest::Kind::kSave) {
    return QFileDialog::getSaveFileName(parent, request.title, request.suggestion, request.filter);
  }
  return QFileDialog::getOpenFileName(parent, request.title, request.suggestion, request.filter);
}

}  // namespace optiscope::ui
