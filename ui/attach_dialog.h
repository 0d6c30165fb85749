// AttachDialog: File › Attach to study... asks for a storage URL (sqlite:PATH or
// postgresql://...; the last one is remembered) and a study name, offering the studies stored
// there (listed off the GUI thread whenever the URL changes).
#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>
#include <QTimer>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace optiscope::ui {

class ElidingLabel;
class JobRunner;

// Modal or not, as the caller shows it; accepted only with a URL and a name. The URL is saved in
// QSettings ("attach/url") on accept and restored on construction. GUI thread only.
class AttachDialog final : public QDialog {
  Q_OBJECT

 public:
  explicit AttachDialog(QWidget* parent = nullptr);
  ~AttachDialog() override;

  QString url() const;
  QString study_name() const;
  // Sets the URL (as typing it does: the study list follows).
  void SetUrl(const QString& url);

  QLineEdit* url_edit() const { return url_; }
  QComboBox* study_box() const { return name_; }
  // One line: how many studies the URL holds, or why it cannot be read.
  ElidingLabel* message() const { return message_; }

  void accept() override;

 signals:
  // The studies stored at `url` were listed (error empty) or could not be (error says why).
  void studiesListed(const QString& url, const QStringList& names, const QString& error);

 private:
  void ListStudies();
  void UpdateOk();

  QLineEdit* url_ = nullptr;
  QComboBox* name_ = nullptr;
  ElidingLabel* message_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
  JobRunner* lister_ = nullptr;
  QTimer debounce_;
  QString listing_;  // the URL being listed
};

}  // namespace optiscope::ui
