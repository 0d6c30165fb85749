// SearchView attached to a study that other processes run (File › Attach to study): the watcher's
// loads and polls merged into the model, the status line, steering through the store's records
// and the GUI thread's cost per poll (OPTISCOPE_ATTACH_FRAME_LOG).
#include <QElapsedTimer>
#include <QTabWidget>
#include <QToolButton>
#include <cstdio>

#include "engine/search/study_steering.h"
#include "ui/charts/study_charts.h"
#include "ui/eliding_label.h"
#include "ui/job_runner.h"
#include "ui/models/trials_model.h"
#include "ui/setup/search_section.h"
#include "ui/study_watcher.h"
#include "ui/views/search_spec.h"
#include "ui/views/search_view.h"

namespace optiscope::ui {
namespace {

// "sqlite:PATH", "sqlite" (the default file) or a PostgreSQL URI: the stores other processes share.
bool IsSharedStoreUrl(const QString& url) {
  return url == "sqlite" || url.startsWith("sqlite:") || url.startsWith("postgresql://") ||
         url.startsWith("postgres://");
}

}  // namespace

bool SearchView::AttachStudy(const QString& url_text, const QString& name_text, int poll_ms) {
  const QString url = url_text.trimmed();
  const QString name = name_text.trimmed();
  if (IsRunning() || loader_->IsRunning()) {
    emit errorReported(tr("Attach: a study runs in this window; stop it first"));
    return false;
  }
  if (!IsSharedStoreUrl(url)) {
    emit errorReported(
        tr("Attach: '%1' is not a storage URL (sqlite:PATH or postgresql://...)").arg(url));
    return false;
  }
  if (name.isEmpty()) {
    emit errorReported(tr("Attach: give the name of the study to attach to"));
    return false;
  }
  Detach();
  spec_.reset();
  in_memory_ = false;
  model_->Reset();
  ClearDetails();
  importance_done_at_ = 0;
  importance_->SetMessage(QString());
  contour_done_at_ = 0;
  contour_key_.clear();
  contour_->SetGrid(std::nullopt);
  {
    QSignalBlocker block(pause_);
    pause_->setChecked(false);
    pause_->setText(tr("Pause"));
  }
  apply_stats_ = {};
  log_frames_ = qEnvironmentVariableIsSet("OPTISCOPE_ATTACH_FRAME_LOG");
  attach_loaded_ = false;
  watcher_ = new StudyWatcher(url.toStdString(), name.toStdString(), this);
  connect(watcher_, &StudyWatcher::updatesReady, this, &SearchView::OnWatchUpdates);
  watcher_->Start(poll_ms);
  status_->SetFullText(tr("Attaching to %1 at %2...").arg(name, url));
  emit attachStatusChanged(status_->FullText());
  UpdateActions();
  return true;
}

void SearchView::Detach() {
  if (watcher_ == nullptr) return;
  const QString name = QString::fromStdString(watcher_->study());
  watcher_->disconnect(this);
  watcher_->deleteLater();  // its destructor stops the worker without waiting on the store
  watcher_ = nullptr;
  attach_loaded_ = false;
  status_->SetFullText(tr("Detached from %1").arg(name));
  emit attachStatusChanged(QString());
  UpdateActions();
}

QString SearchView::AttachStatus() const {
  if (watcher_ == nullptr || !attach_loaded_) return QString();
  return tr("Attached to %1 at %2 \u2014 %3 trials, %4 running")
      .arg(QString::fromStdString(watcher_->study()), QString::fromStdString(watcher_->url()))
      .arg(model_->rowCount())
      .arg(model_->CountState(TrialState::kRunning));
}

void SearchView::ShowAttachStatus() {
  const QString text = AttachStatus();
  if (text == status_->FullText()) return;
  status_->SetFullText(text);
  emit attachStatusChanged(text);
}

void SearchView::OnWatchUpdates() {
  if (watcher_ == nullptr) return;
  using Kind = StudyWatchUpdate::Kind;
  for (StudyWatchUpdate& u : watcher_->TakeUpdates()) {
    const QString error = QString::fromStdString(u.error);
    switch (u.kind) {
      case Kind::kFailed: {
        const QString what = tr("Attach to %1 at %2: %3")
                                 .arg(QString::fromStdString(watcher_->study()),
                                      QString::fromStdString(watcher_->url()), error);
        const bool loaded = attach_loaded_;
        Detach();
        status_->SetFullText(loaded ? tr("Lost the attached study") : tr("Not attached"));
        emit errorReported(what);
        if (!loaded) emit studyLoaded(false);
        return;
      }
      case Kind::kPollError:
        emit errorReported(tr("Attached study %1: %2 (still trying)")
                               .arg(QString::fromStdString(watcher_->study()), error));
        break;
      case Kind::kSteered:
        if (!error.isEmpty()) {
          emit errorReported(tr("%1: %2").arg(QString::fromStdString(u.what), error));
        }
        emit attachSteered(QString::fromStdString(u.what), error.isEmpty());
        break;
      case Kind::kOpened:
      case Kind::kChanged: {
        QElapsedTimer clock;
        clock.start();
        const size_t changed = u.trials.size();
        const bool first = u.kind == Kind::kOpened;
        if (first) {
          ApplyAttachedLoad(u);
        } else {
          model_->MergeTrials(std::move(u.trials));
          if (slice_param_->count() != model_->param_names().size()) UpdateParamChoices();
          MaybeComputeImportance(false);
          MaybeComputeContour(false);
        }
        if (u.control) ApplyAttachedControl(*u.control);
        if (selected_) ShowDetails();
        ShowAttachStatus();
        UpdateActions();
        // The shown chart's scene is what its next paint needs: build it within the measure.
        QWidget* page = tabs_->currentWidget();
        auto* chart = qobject_cast<StudyPlot*>(page);
        if (chart == nullptr && page != nullptr) chart = page->findChild<StudyPlot*>();
        if (chart != nullptr && chart->isVisible()) chart->Scene();
        RefreshCharts();
        const double ms = clock.nsecsElapsed() / 1e6;
        ++apply_stats_.polls;
        apply_stats_.total_ms += ms;
        apply_stats_.max_ms = std::max(apply_stats_.max_ms, ms);
        if (log_frames_) {
          std::fprintf(stderr,
                       "{\"attach_apply_ms\": %.3f, \"max_ms\": %.3f, \"mean_ms\": %.3f, "
                       "\"polls\": %d, \"kind\": \"%s\", \"changed\": %zu, \"trials\": %d}\n",
                       ms, apply_stats_.max_ms, apply_stats_.mean_ms(), apply_stats_.polls,
                       first ? "load" : "poll", changed, model_->rowCount());
          std::fflush(stderr);
        }
        if (first) {
          emit logMessage(AttachStatus());
          emit studyLoaded(true);
        }
        emit attachPolled();
        break;
      }
    }
    if (watcher_ == nullptr) return;
  }
}

void SearchView::ApplyAttachedLoad(StudyWatchUpdate& u) {
  Result<StudySpec> spec = ParseStudySpec(u.info.spec_json, u.info.name);
  if (spec.ok()) {
    ShowSpec(*spec);
    if (section_ != nullptr) {
      // Apply settings sends the section's space, sampler and pruner to the workers: start from
      // the study's own (the section's storage stays as it was).
      SearchSettings settings = SettingsFromSpec(*spec);
      if (Result<SearchSettings> shown = section_->Settings(); shown.ok()) {
        settings.storage = shown->storage;
      }
      section_->SetSettings(settings);
    }
    spec_ = std::move(spec).value();
  } else {
    // A spec this build cannot read: the trials with the stored directions.
    QStringList objectives;
    for (size_t i = 0; i < u.info.directions.size(); ++i) {
      objectives << (i == 0 ? tr("value") : tr("value %1").arg(i + 1));
    }
    model_->Reset(objectives);
    model_->SetDirections(u.info.directions);
  }
  model_->SetTrials(std::move(u.trials));
  UpdateParamChoices();
  attach_loaded_ = true;
  MaybeComputeImportance(true);
  MaybeComputeContour(true);
}

void SearchView::ApplyAttachedControl(const StudyControl& control) {
  const auto it = control.values.find("state");
  const bool paused = it != control.values.end() && it->second == "paused";
  QSignalBlocker block(pause_);  // the store says so: nothing to write back
  pause_->setChecked(paused);
  pause_->setText(paused ? tr("Resume") : tr("Pause"));
}

bool SearchView::SteerAttached(
    const char* what, std::function<Status(StudyStore&, const std::string& study)> write) {
  if (watcher_ == nullptr || !attach_loaded_) {
    emit errorReported(tr("%1: the attached study has not loaded yet").arg(tr(what)));
    return false;
  }
  watcher_->Steer(what, std::move(write));
  return true;
}

}  // namespace optiscope::ui
