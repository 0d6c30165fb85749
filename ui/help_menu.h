// HelpMenu: the window's Help menu — About, and Documentation, which opens the local docs (the
// source tree's docs/ next to the executable, or the installed /usr/share/doc/optiscope) or says
// where they are.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace optiscope::ui {

// Folders that may hold the documentation, most specific first: the source tree above the
// executable (a build inside it: build/bin/ -> ../../), the source tree this was built from, the
// install prefix's share/doc/optiscope, and /usr/share/doc/optiscope.
QStringList DocumentationFolders(const QString& executable_dir);

// The page to open in the first folder that has one: docs/ui.md (the window's manual) or, failing
// that, README.md. Empty when no folder has either.
QString FindDocumentation(const QStringList& folders);

// Owns the menu and its actions; messages (what was opened, or where the docs are) go out through
// `message` and, for the missing docs, a non-modal message box. GUI thread only.
class HelpMenu final : public QObject {
  Q_OBJECT

 public:
  // `window`: the dialogs' parent, and the menu's.
  explicit HelpMenu(QWidget* window);
  ~HelpMenu() override;  // deletes the menu when it has no window to own it

  QMenu* menu() const { return menu_; }
  QAction* about_action() const { return about_; }
  QAction* documentation_action() const { return documentation_; }

  // How a file is opened: QDesktopServices::openUrl unless replaced (tests record the URL).
  using UrlOpener = std::function<bool(const QUrl&)>;
  void SetUrlOpener(UrlOpener open) { open_ = std::move(open); }
  // Where the docs are looked for: DocumentationFolders(the executable's folder) unless replaced.
  void SetFolders(const QStringList& folders) { folders_ = folders; }
  // Shows message boxes (About, docs not found) unless disabled (tests).
  void SetDialogsEnabled(bool enabled) { dialogs_ = enabled; }

  // Help › Documentation: opens the page FindDocumentation finds and returns its path; when there
  // is none, or it cannot be opened, says where the documentation is and returns empty.
  QString OpenDocumentation();
  // Help › About: name, version, what it is, the Qt version.
  QString AboutText() const;

 signals:
  // A line for the log and the status bar.
  void message(const QString& text);

 private:
  QWidget* window_;
  QMenu* menu_ = nullptr;
  QAction* about_ = nullptr;
  QAction* documentation_ = nullptr;
  QStringList folders_;
  UrlOpener open_;
  bool dialogs_ = true;
};

}  // namespace optiscope::ui
