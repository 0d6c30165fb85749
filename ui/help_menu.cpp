#include "ui/help_menu.h"

#include <QAction>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>

namespace optiscope::ui {
namespace {

constexpr char kInstalledDocs[] = "/usr/share/doc/optiscope";

// A non-modal message box that deletes itself.
void ShowHelpBox(QWidget* parent, const QString& title, const QString& text) {
  auto* box = new QMessageBox(QMessageBox::Information, title, text, QMessageBox::Ok, parent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::NonModal);
  box->setTextFormat(Qt::RichText);
  box->show();
}

}  // namespace

QStringList DocumentationFolders(const QString& executable_dir) {
  const QDir exe(executable_dir);
  QStringList folders = {QDir::cleanPath(exe.filePath("../.."))};
#ifdef OPTISCOPE_DOCS_SOURCE_DIR
  folders << QStringLiteral(OPTISCOPE_DOCS_SOURCE_DIR);
#endif
  folders << QDir::cleanPath(exe.filePath("../share/doc/optiscope"))
          << QString::fromLatin1(kInstalledDocs);
  folders.removeDuplicates();
  return folders;
}

QString FindDocumentation(const QStringList& folders) {
  for (const QString& folder : folders) {
    for (const char* page : {"docs/ui.md", "README.md"}) {
      const QFileInfo file(QDir(folder).filePath(QString::fromLatin1(page)));
      if (file.isFile() && file.isReadable()) return file.absoluteFilePath();
    }
  }
  return QString();
}

HelpMenu::HelpMenu(QWidget* window)
    : QObject(window),
      window_(window),
      folders_(DocumentationFolders(QCoreApplication::applicationDirPath())),
      open_([](const QUrl& url) { return QDesktopServices::openUrl(url); }) {
  menu_ = new QMenu(tr("&Help"), window);
  menu_->setObjectName("helpMenu");
  documentation_ = menu_->addAction(tr("&Documentation"));
  documentation_->setObjectName("documentationAction");
  documentation_->setShortcut(QKeySequence::HelpContents);
  documentation_->setToolTip(tr("Open the user guide (docs/ui.md) (F1)"));
  connect(documentation_, &QAction::triggered, this, [this] { OpenDocumentation(); });
  menu_->addSeparator();
  about_ = menu_->addAction(tr("&About Optiscope"));
  about_->setObjectName("aboutAction");
  about_->setMenuRole(QAction::AboutRole);
  connect(about_, &QAction::triggered, this, [this] {
    if (dialogs_) ShowHelpBox(window_, tr("About Optiscope"), AboutText());
  });
}

HelpMenu::~HelpMenu() {
  if (menu_ != nullptr && menu_->parent() == nullptr) delete menu_;
}

QString HelpMenu::OpenDocumentation() {
  const QString page = FindDocumentation(folders_);
  if (!page.isEmpty() && open_ && open_(QUrl::fromLocalFile(page))) {
    emit message(tr("Opened the documentation: %1").arg(page));
    return page;
  }
  const QString where =
      page.isEmpty()
          ? tr("The documentation was not found next to the program. It is the docs/ folder of "
               "Optiscope's source (start with docs/ui.md, the window's guide, and README.md); "
               "the Debian package installs it in %1. Looked in: %2.")
                .arg(QString::fromLatin1(kInstalledDocs), folders_.join(QStringLiteral(", ")))
          : tr("Could not open %1: no application opens Markdown files here. Open it in a text "
               "editor or a browser.")
                .arg(page);
  emit message(where);
  if (dialogs_) ShowHelpBox(window_, tr("Documentation"), where.toHtmlEscaped());
  return QString();
}

QString HelpMenu::AboutText() const {
  const QString version = QCoreApplication::applicationVersion();
  return tr("<h3>Optiscope %1</h3>"
            "<p>A desktop workbench for model optimization: load a dataset, choose a model, loss, "
            "regularization and optimizer, train it and watch it live; race optimizers, search "
            "hyperparameters, compress the model, and export the configuration to reproduce the "
            "run with <code>optiscope-cli</code>.</p>"
            "<p>Engine in C++20 and Eigen; interface in Qt %2 Widgets and Qt Charts.</p>")
      .arg(version.isEmpty() ? tr("(development build)") : version.toHtmlEscaped(),
           QString::fromLatin1(qVersion()));
}

}  // namespace optiscope::ui
