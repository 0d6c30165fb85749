#include "ui/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace optiscope::ui {
namespace {
const char kKey[] = "recentFiles";
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {
  for (const QString& path : QSettings().value(kKey).toStringList()) {
    if (QFileInfo(path).isFile()) files_ << path;
  }
  while (files_.size() > kMaxRecentFiles) files_.removeLast();
}

void RecentFiles::Add(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  files_.removeAll(absolute);
  files_.prepend(absolute);
  while (files_.size() > kMaxRecentFiles) files_.removeLast();
  Save();
}

void RecentFiles::Remove(const QString& path) {
  if (files_.removeAll(QFileInfo(path).absoluteFilePath()) > 0) Save();
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
