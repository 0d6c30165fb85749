// SearchView's actions: exports, spec files, stored studies and the selected trial's details
// (steering: search_view_steering.cpp).
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSet>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/config/config_json.h"
#include "engine/search/objective_experiment.h"
#include "engine/search/storage.h"
#include "engine/search/study.h"
#include "ui/charts/study_charts.h"
#include "ui/eliding_label.h"
#include "ui/job_runner.h"
#include "ui/models/trials_filter_model.h"
#include "ui/models/trials_model.h"
#include "ui/setup/search_section.h"
#include "ui/views/search_spec.h"
#include "ui/views/search_view.h"

namespace optiscope::ui {
namespace {

// Spec files this process wrote (SaveSpec): loading them again runs nothing unexpected.
QSet<QString>& SpecsWrittenHere() {
  static QSet<QString> written;
  return written;
}

// A spec from elsewhere can run any program (docs/study.md, "Specs from others"): ask first.
bool ConfirmCommandSpec(QWidget* parent, const QString& path, const StudySpec& spec) {
  if (spec.objective_kind != ObjectiveKind::kCommand) return true;
  if (SpecsWrittenHere().contains(QFileInfo(path).absoluteFilePath())) return true;
  QStringList argv;
  for (const std::string& a : spec.command) argv << QString::fromStdString(a);
  return QMessageBox::question(
             parent, QObject::tr("Run a program?"),
             QObject::tr("%1 runs this program for every trial:\n\n%2\n\nA study spec from "
                         "someone else can run any program with your rights. Load it only if you "
                         "trust where it came from.")
                 .arg(path, argv.join(' ')),
             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
}

bool WriteText(const QString& path, const std::string& text, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(text.data(), static_cast<qint64>(text.size())) !=
          static_cast<qint64>(text.size()) ||
      !file.commit()) {
    *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace

void SearchView::SelectTrial(int number) {
  const TrialRecord* t = model_->Find(number);
  if (t == nullptr) return;
  selected_ = number;
  const int row = static_cast<int>(t - model_->trials().data());
  const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
  if (index.isValid()) {
    table_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(index);
  }
  ShowDetails();
  UpdateActions();
}

void SearchView::ShowDetails() {
  const TrialRecord* t = selected_ ? model_->Find(*selected_) : nullptr;
  if (t == nullptr) return;
  if (trial_curve_->property("trial").toInt() != t->number ||
      !trial_curve_->property("trial").isValid()) {
    trial_curve_->SetTrial(t->number);
    trial_curve_->setProperty("trial", t->number);
  }
  QString text = tr("Trial %1: %2").arg(t->number).arg(TrialStateText(t->state));
  for (int i = 0; i < static_cast<int>(t->values.size()); ++i) {
    text += tr("\n%1 = %2").arg(model_->objective_names().value(i)).arg(t->values[i], 0, 'g', 8);
  }
  if (t->state != TrialState::kRunning) text += tr("\n%1 s").arg(t->seconds, 0, 'f', 2);
  if (!t->reason.empty()) text += tr("\nreason: %1").arg(QString::fromStdString(t->reason));
  if (!t->origin.empty()) text += tr("\norigin: %1").arg(QString::fromStdString(t->origin));
  text += tr("\n\nparameters:");
  for (const TrialParam& p : t->params) {
    text +=
        QStringLiteral("\n  %1 = %2")
            .arg(QString::fromStdString(p.name), p.label.empty() ? QString::number(p.value, 'g', 8)
                                                                 : QString::fromStdString(p.label));
  }
  if (!t->intermediate.empty()) {
    text += tr("\n\n%1 intermediate values, last %2 at step %3")
                .arg(t->intermediate.size())
                .arg(t->intermediate.back().second, 0, 'g', 6)
                .arg(t->intermediate.back().first);
  }
  if (details_->toPlainText() != text) details_->setPlainText(text);
}

void SearchView::ClearDetails() {
  selected_.reset();
  details_->clear();
  trial_curve_->SetTrial(-1);  // no trial: an empty chart titled for the selection
  trial_curve_->setProperty("trial", QVariant());
  table_->clearSelection();
  UpdateActions();
}

QString SearchView::UnsavedStudyDescription() const {
  if (!in_memory_ || model_->rowCount() == 0) return QString();
  return tr("The study '%1' (%2 trials)")
      .arg(spec_ ? QString::fromStdString(spec_->name) : tr("search"))
      .arg(model_->rowCount());
}

bool SearchView::ExportBestDialog() {
  std::vector<Direction> directions = spec_ ? spec_->directions : std::vector<Direction>{};
  if (directions.empty()) directions = {model_->direction()};
  if (BestRecord(model_->trials(), directions) == nullptr) {
    emit errorReported(tr("Export best: no complete trial yet, so there is nothing to export"));
    return false;
  }
  const QString path = QFileDialog::getSaveFileName(this, tr("Export best configuration"),
                                                    "best.json", tr("JSON (*.json)"));
  return !path.isEmpty() && ExportBest(path);
}

bool SearchView::ExportCsv(const QString& path) {
  QString error;
  if (!WriteText(path, model_->ToCsv().toStdString(), &error)) {
    emit errorReported(error);
    return false;
  }
  emit logMessage(tr("Wrote %1 trials to %2").arg(model_->rowCount()).arg(path));
  return true;
}

bool SearchView::ExportBest(const QString& path) {
  std::vector<Direction> directions = spec_ ? spec_->directions : std::vector<Direction>{};
  if (directions.empty()) directions = {model_->direction()};
  const TrialRecord* best = BestRecord(model_->trials(), directions);
  if (best == nullptr) {
    emit errorReported(tr("Export best: no complete trial yet"));
    return false;
  }
  std::string text;
  if (spec_ && spec_->objective_kind == ObjectiveKind::kExperiment) {
    Result<ExperimentConfig> config =
        ApplyBindings(spec_->experiment.base, best->params, spec_->experiment.bind);
    if (!config.ok()) {
      emit errorReported(
          tr("Export best: %1").arg(QString::fromStdString(config.status().message())));
      return false;
    }
    text = WriteExperimentConfig(*config);
  } else {
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const TrialParam& p : best->params) {
      if (p.label.empty()) {
        params[p.name] = p.value;
      } else {
        params[p.name] = p.label;
      }
    }
    nlohmann::ordered_json out = {
        {"trial", best->number}, {"values", best->values}, {"params", params}};
    text = out.dump(2) + "\n";
  }
  QString error;
  if (!WriteText(path, text, &error)) {
    emit errorReported(error);
    return false;
  }
  emit logMessage(tr("Wrote the best trial (%1) to %2").arg(best->number).arg(path));
  return true;
}

bool SearchView::SaveSpec(const QString& path, const ExperimentConfig& config) {
  if (section_ == nullptr) {
    emit errorReported(tr("Save spec: no Search section to read the study settings from"));
    return false;
  }
  Result<SearchSettings> settings = section_->Settings();
  if (!settings.ok()) {
    emit errorReported(
        tr("Save spec: %1").arg(QString::fromStdString(settings.status().message())));
    return false;
  }
  QString error;
  if (!WriteText(path, BuildStudySpecJson(*settings, config), &error)) {
    emit errorReported(error);
    return false;
  }
  SpecsWrittenHere().insert(QFileInfo(path).absoluteFilePath());
  emit logMessage(tr("Saved the study spec to %1").arg(path));
  return true;
}

bool SearchView::LoadSpec(const QString& path) {
  if (section_ == nullptr) {
    emit errorReported(tr("Load spec: no Search section to show the study settings in"));
    return false;
  }
  Result<StudySpec> spec = LoadStudySpec(path.toStdString());
  if (!spec.ok()) {
    emit errorReported(QString::fromStdString(spec.status().message()));
    return false;
  }
  if (!ConfirmCommandSpec(this, path, *spec)) {
    emit logMessage(tr("Did not load %1: its command objective was not confirmed").arg(path));
    return false;
  }
  section_->SetSettings(SettingsFromSpec(*spec));
  if (spec->objective_kind == ObjectiveKind::kExperiment) {
    emit experimentLoaded(spec->experiment.base);
  }
  emit logMessage(tr("Loaded study spec %1").arg(path));
  return true;
}

bool SearchView::OpenStudy(const QString& path, const QString& name) {
  if (IsRunning() || loader_->IsRunning()) {
    emit errorReported(tr("Open study: wait for the running study to finish"));
    return false;
  }
  Detach();
  if (!QFileInfo::exists(path)) {
    emit errorReported(tr("Open study: %1 does not exist").arg(path));
    return false;
  }
  struct Loaded {
    std::vector<StudyInfo> studies;
    StudyInfo info;
    std::vector<TrialRecord> trials;
  };
  std::string chosen = name.toStdString();
  if (chosen.empty()) {
    // Which study? List them (fast: one query) and ask when there are several.
    Result<std::unique_ptr<StudyStore>> store = OpenSqliteStudyStore(path.toStdString());
    Result<std::vector<StudyInfo>> list =
        store.ok() ? (*store)->ListStudies() : Result<std::vector<StudyInfo>>(store.status());
    if (!list.ok() || list->empty()) {
      emit errorReported(tr("Open study: %1")
                             .arg(list.ok() ? tr("%1 holds no study").arg(path)
                                            : QString::fromStdString(list.status().message())));
      return false;
    }
    chosen = list->front().name;
    if (list->size() > 1) {
      QStringList names;
      for (const StudyInfo& i : *list) names << QString::fromStdString(i.name);
      bool ok = false;
      const QString pick =
          QInputDialog::getItem(this, tr("Open study"), tr("Study"), names, 0, false, &ok);
      if (!ok) return false;
      chosen = pick.toStdString();
    }
  }
  auto loaded = std::make_shared<Loaded>();
  const std::string file = path.toStdString();
  const bool started = loader_->Start([file, chosen, loaded](std::stop_token, EventSink&) {
    Result<std::unique_ptr<StudyStore>> store = OpenSqliteStudyStore(file);
    if (!store.ok()) return store.status().message();
    Result<StudyInfo> info = (*store)->GetStudy(chosen);
    if (!info.ok()) return info.status().message();
    Result<std::vector<TrialRecord>> trials = (*store)->Trials(chosen);
    if (!trials.ok()) return trials.status().message();
    loaded->info = std::move(info).value();
    loaded->trials = std::move(trials).value();
    return std::string();
  });
  if (!started) return false;
  connect(
      loader_, &JobRunner::finished, this,
      [this, loaded, path](const QString& error) {
        if (!error.isEmpty()) {
          emit errorReported(tr("Open study: %1").arg(error));
          emit studyLoaded(false);
          return;
        }
        Result<StudySpec> spec = ParseStudySpec(loaded->info.spec_json, loaded->info.name);
        if (spec.ok()) {
          ShowSpec(*spec);
          spec_ = std::move(spec).value();
        } else {
          // A spec this build cannot read: show the trials with the stored directions.
          spec_.reset();
          QStringList objectives;
          for (size_t i = 0; i < loaded->info.directions.size(); ++i) {
            objectives << (i == 0 ? tr("value") : tr("value %1").arg(i + 1));
          }
          model_->Reset(objectives);
          model_->SetDirections(loaded->info.directions);
        }
        model_->SetTrials(std::move(loaded->trials));
        UpdateParamChoices();
        in_memory_ = false;
        ClearDetails();
        importance_done_at_ = 0;
        MaybeComputeImportance(true);
        contour_done_at_ = 0;
        contour_key_.clear();
        contour_->SetGrid(std::nullopt);
        MaybeComputeContour(true);
        RefreshCharts();
        UpdateActions();
        status_->SetFullText(tr("Study '%1' from %2: %3 trials")
                             .arg(QString::fromStdString(loaded->info.name), path)
                             .arg(model_->rowCount()));
        emit logMessage(status_->FullText());
        emit studyLoaded(true);
      },
      Qt::SingleShotConnection);
  return true;
}

}  // namespace optiscope::ui
