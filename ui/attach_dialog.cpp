#include "ui/attach_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <memory>
#include <vector>

#include "ui/eliding_label.h"
#include "ui/job_runner.h"
#include "ui/study_watcher.h"

namespace optiscope::ui {

AttachDialog::AttachDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Attach to study"));
  setObjectName("attachDialog");
  lister_ = new JobRunner(this);
  // A listing owns what it uses: closing the dialog while a server does not answer (libpq waits
  // up to 10 s to connect) leaves it to end on its own instead of freezing the window.
  lister_->SetDetachAfter(std::chrono::milliseconds(200));
  url_ = new QLineEdit(this);
  url_->setObjectName("attachUrl");
  url_->setPlaceholderText(tr("sqlite:/path/studies.db or postgresql://user@host/db"));
  url_->setToolTip(
      tr("The storage the study's workers use: the --storage of optiscope-cli study run / worker"));
  url_->setMinimumWidth(420);
  name_ = new QComboBox(this);
  name_->setObjectName("attachStudy");
  name_->setEditable(true);
  name_->setToolTip(tr("The study to watch (the studies stored at the URL are listed)"));
  message_ = new ElidingLabel(this);
  message_->setObjectName("attachMessage");
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Attach"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &AttachDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &AttachDialog::reject);
  auto* form = new QFormLayout(this);
  form->addRow(tr("Storage URL"), url_);
  form->addRow(tr("Study"), name_);
  form->addRow(message_);
  form->addRow(buttons_);

  debounce_.setSingleShot(true);
  debounce_.setInterval(300);
  connect(&debounce_, &QTimer::timeout, this, &AttachDialog::ListStudies);
  connect(url_, &QLineEdit::textChanged, this, [this] {
    UpdateOk();
    debounce_.start();
  });
  connect(name_, &QComboBox::currentTextChanged, this, &AttachDialog::UpdateOk);
  SetUrl(QSettings().value("attach/url").toString());
  UpdateOk();
}

AttachDialog::~AttachDialog() { delete lister_; }  // stops (or leaves) a listing in flight

QString AttachDialog::url() const { return url_->text().trimmed(); }
QString AttachDialog::study_name() const { return name_->currentText().trimmed(); }

void AttachDialog::SetUrl(const QString& url) {
  url_->setText(url);
  if (!url.isEmpty()) ListStudies();  // at once, not after the typing pause
}

void AttachDialog::UpdateOk() {
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(!url().isEmpty() && !study_name().isEmpty());
}

void AttachDialog::accept() {
  if (url().isEmpty() || study_name().isEmpty()) return;
  QSettings().setValue("attach/url", url());
  QDialog::accept();
}

void AttachDialog::ListStudies() {
  debounce_.stop();
  const QString url = this->url();
  if (url.isEmpty()) {
    message_->SetFullText(QString());
    return;
  }
  if (lister_->IsRunning()) {
    debounce_.start();  // list the newest URL once the one in flight ends
    return;
  }
  listing_ = url;
  message_->SetFullText(tr("Reading %1...").arg(url));
  auto names = std::make_shared<std::vector<std::string>>();
  lister_->Start([u = url.toStdString(), names](std::stop_token, EventSink&) -> std::string {
    Result<std::unique_ptr<StudyStore>> store = OpenAttachableStore(u);
    if (!store.ok()) return store.status().message();
    Result<std::vector<StudyInfo>> list = (*store)->ListStudies();
    if (!list.ok()) return list.status().message();
    for (const StudyInfo& info : *list) names->push_back(info.name);
    return std::string();
  });
  connect(
      lister_, &JobRunner::finished, this,
      [this, names, url](const QString& error) {
        QStringList list;
        for (const std::string& n : *names) list << QString::fromStdString(n);
        if (url == this->url()) {
          const QString typed = study_name();
          name_->clear();
          name_->addItems(list);
          if (!typed.isEmpty()) {
            name_->setCurrentText(typed);
          }
          if (!error.isEmpty()) {
            message_->SetFullText(error);
          } else if (list.isEmpty()) {
            message_->SetFullText(tr("%1 holds no study yet").arg(url));
          } else {
            message_->SetFullText(tr("%n stored studies", nullptr, static_cast<int>(list.size())));
          }
          UpdateOk();
        }
        emit studiesListed(url, list, error);
      },
      Qt::SingleShotConnection);
}

}  // namespace optiscope::ui
