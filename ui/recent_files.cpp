#include "ui/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace optiscope::ui {
namespace {
const char kKey[] = "recentFiles";
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {
  files_ = QSettings().value(kKey).toStringList();
  while (files_.size() > kMaxRecentFiles) files_.removeLast();
}

void RecentFiles::Add(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  files_.removeAll(absolute);
  files_.prepend(absolute);
  while (files_.size() > kMaxRecentFiles) files_.removeLast();
  Save();
}

void RecentFiles::Clear() {
  files_.clear();
  Save();
}

void RecentFiles::Save() {
  QSettings().setValue(kKey, files_);
  emit changed();
}

}  // namespace optiscope::ui
