// SearchView's steering: pause, stop / clone / extend a trial and new settings — on the study
// this window runs (the Study object) or, attached, through the store's steering records that the
// study's workers read (engine/search/study_steering.h).
#include <QAction>
#include <QSpinBox>
#include <QToolButton>
#include <nlohmann/json.hpp>

#include "engine/search/study.h"
#include "engine/search/study_steering.h"
#include "ui/models/trials_model.h"
#include "ui/setup/search_section.h"
#include "ui/study_watcher.h"
#include "ui/views/search_spec.h"
#include "ui/views/search_view.h"

namespace optiscope::ui {
namespace {

// The Search section's space, sampler and pruner as steering records (the spec's syntax).
Result<StudySettingsUpdate> SettingsUpdate(const SearchSettings& settings) {
  using Json = nlohmann::ordered_json;  // a conditional parameter stays after its parent
  const Json spec = Json::parse(BuildStudySpecJson(settings, ExperimentConfig{}), nullptr, false);
  if (!spec.is_object()) return Status::Internal("cannot write the Search settings as a spec");
  StudySettingsUpdate update;
  if (spec.contains("space")) update.space_json = spec["space"].dump();
  if (spec.contains("sampler")) update.sampler_json = spec["sampler"].dump();
  if (spec.contains("pruner")) {
    Json pruner = spec["pruner"];
    if (pruner.is_string()) pruner = Json{{"type", pruner}};
    update.pruner_json = pruner.dump();
  }
  return update;
}

}  // namespace

void SearchView::UpdateActions() {
  bool steerable = false;
  if (steering_) {
    std::lock_guard lock(steering_->mu);
    steerable = steering_->study != nullptr;
  }
  steerable = steerable && IsRunning();
  // Attached: the store's steering records reach pause, settings and trial stops; clone and
  // extend need the study object of this process.
  const bool attached = watcher_ != nullptr && attach_loaded_;
  const TrialRecord* selected = selected_ ? model_->Find(*selected_) : nullptr;
  pause_->setEnabled(steerable || attached);
  stop_trial_->setEnabled((steerable || attached) && selected != nullptr &&
                          selected->state == TrialState::kRunning);
  clone_trial_->setEnabled(steerable && selected != nullptr);
  const bool experiment = spec_ && spec_->objective_kind == ObjectiveKind::kExperiment;
  extend_trial_->setEnabled(steerable && selected != nullptr && experiment);
  extend_epochs_->setEnabled(extend_trial_->isEnabled());
  apply_settings_->setEnabled(steerable || (attached && spec_.has_value()));
  const QToolButton* buttons[] = {pause_, stop_trial_, clone_trial_, extend_trial_};
  for (size_t i = 0; i < steering_actions_.size() && i < std::size(buttons); ++i) {
    steering_actions_[i]->setEnabled(buttons[i]->isEnabled());
    steering_actions_[i]->setText(buttons[i]->text());
  }
}

bool SearchView::Steer(const char* what, const std::function<Status(Study&)>& action) {
  Status status = Status::InvalidArgument("the study is not running");
  if (steering_) {
    std::lock_guard lock(steering_->mu);
    if (steering_->study != nullptr) status = action(*steering_->study);
  }
  if (!status.ok()) {
    emit errorReported(tr("%1: %2").arg(tr(what), QString::fromStdString(status.message())));
    return false;
  }
  return true;
}

void SearchView::SetPaused(bool paused) {
  if (pause_->isChecked() != paused) {
    pause_->setChecked(paused);  // toggled re-enters with the button in step: that call steers
    return;
  }
  if (IsAttached()) {
    // The workers of the attached study read the "state" record between trials.
    const StudyRunState state = paused ? StudyRunState::kPaused : StudyRunState::kRunning;
    SteerAttached("Pause", [state](StudyStore& store, const std::string& study) {
      return SetStudyRunState(store, study, state);
    });
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    UpdateActions();
    emit logMessage(paused ? tr("Asked the attached study's workers to pause")
                           : tr("Asked the attached study's workers to resume"));
    return;
  }
  Steer("Pause", [paused](Study& study) {
    paused ? study.Pause() : study.Resume();
    return Status::Ok();
  });
  pause_->setText(paused ? tr("Resume") : tr("Pause"));
  UpdateActions();
  emit logMessage(paused ? tr("Study paused") : tr("Study resumed"));
}

bool SearchView::StopSelectedTrial() {
  if (!selected_) return false;
  const int trial = *selected_;
  if (IsAttached()) {
    // Its owner learns it at its next heartbeat and stops the trial.
    return SteerAttached("Stop trial", [trial](StudyStore& store, const std::string& study) {
      return store.RequestTrialStop(study, trial);
    });
  }
  return Steer("Stop trial", [trial](Study& study) { return study.StopTrial(trial); });
}

bool SearchView::CloneSelectedTrial() {
  if (!selected_) return false;
  const int trial = *selected_;
  const bool ok = Steer("Clone trial", [trial](Study& study) { return study.CloneTrial(trial); });
  if (ok) emit logMessage(tr("Queued a clone of trial %1").arg(trial));
  return ok;
}

bool SearchView::ExtendSelectedTrial(int extra_epochs) {
  if (!selected_) return false;
  const int trial = *selected_;
  const bool ok = Steer("Extend trial", [trial, extra_epochs](Study& study) {
    return study.ExtendTrial(trial, extra_epochs);
  });
  if (ok) emit logMessage(tr("Queued trial %1 with %2 more epochs").arg(trial).arg(extra_epochs));
  return ok;
}

bool SearchView::ApplySettingsToRunningStudy() {
  SearchSection* s = section();
  if (s == nullptr || !spec_) {
    emit errorReported(IsAttached() ? tr("Apply settings: this build cannot read the attached "
                                         "study's stored spec, so new settings cannot be checked")
                                    : tr("Apply settings: no running study"));
    return false;
  }
  Result<SearchSettings> settings = s->Settings();
  Result<SearchSpace> space =
      settings.ok() ? SearchSpace::Create(settings->space) : Result<SearchSpace>(settings.status());
  if (!space.ok()) {
    emit errorReported(
        tr("Apply settings: %1").arg(QString::fromStdString(space.status().message())));
    return false;
  }
  if (IsAttached()) {
    Result<StudySettingsUpdate> update = SettingsUpdate(*settings);
    if (!update.ok()) {
      emit errorReported(
          tr("Apply settings: %1").arg(QString::fromStdString(update.status().message())));
      return false;
    }
    // Checked against the stored spec on the watcher's thread before any worker sees it.
    const bool queued = SteerAttached(
        "Apply settings", [update = *update](StudyStore& store, const std::string& study) {
          return SetStudySettings(store, study, update);
        });
    if (queued) {
      emit logMessage(tr("Sent the Search settings (%1 parameters, %2 sampler, %3 pruner) to the "
                         "attached study's workers")
                          .arg(space->size())
                          .arg(QString::fromStdString(settings->sampler),
                               QString::fromStdString(settings->pruner)));
    }
    return queued;
  }
  const bool ok = Steer("Apply settings", [&](Study& study) -> Status {
    OPTISCOPE_RETURN_IF_ERROR(study.SetSpace(*space));
    OPTISCOPE_RETURN_IF_ERROR(study.SetSampler(settings->sampler, settings->sampler_options_json));
    return study.SetPruner(settings->pruner, settings->pruner_options_json);
  });
  if (!ok) return false;
  spec_->space = *space;
  spec_->sampler = settings->sampler;
  spec_->sampler_options_json = settings->sampler_options_json;
  spec_->pruner = settings->pruner;
  spec_->pruner_options_json = settings->pruner_options_json;
  emit logMessage(
      tr("The study now searches %1 parameters with the %2 sampler and the %3 "
         "pruner (its %4 trials are kept)")
          .arg(space->size())
          .arg(QString::fromStdString(settings->sampler), QString::fromStdString(settings->pruner))
          .arg(model_->rowCount()));
  return true;
}

}  // namespace optiscope::ui
