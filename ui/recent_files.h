// RecentFiles: the most recently opened data files, persisted with QSettings.
#pragma once

#include <QObject>
#include <QStringList>

namespace optiscope::ui {

// Most recent first, no duplicates, at most kMaxRecentFiles entries; files gone since they were
// saved are dropped when loading. Stored under the key
// "recentFiles" of the application's default QSettings. GUI thread only.
class RecentFiles final : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxRecentFiles = 8;

  explicit RecentFiles(QObject* parent = nullptr);

  QStringList Files() const { return files_; }
  // Puts `path` (made absolute) first and saves.
  void Add(const QString& path);
  // Drops `path` (an unusable file) and saves, when it is listed.
  void Remove(const QString& path);
  void Clear();

 signals:
  void changed();

 private:
  void Save();
  QStringList files_;
};

}  // namespace optiscope::ui
