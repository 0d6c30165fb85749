// SearchView: the Search mode — runs a hyperparameter study (Search section settings + the
// Experiment configuration) off the GUI thread and shows it live: trials table, analysis charts,
// steering (pause, stop/clone/extend a trial), exports, and stored studies reopened as they were.
#pragma once

#include <QString>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/search/storage.h"
#include "engine/search/study_spec.h"
#include "ui/views/mode_view.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTableView;
class QToolButton;

namespace optiscope {
class Study;
}

namespace optiscope::ui {

class ElidingLabel;
class JobRunner;
class SearchSection;
class StudyContourChart;
class StudyEdfChart;
class StudyHistoryChart;
class StudyImportanceChart;
class StudyIntermediateChart;
class StudyParallelChart;
class StudyParetoChart;
class StudyPlot;
class StudySliceChart;
class StudyWatcher;
struct StudyWatchUpdate;
class TrialsFilterModel;
class TrialsModel;

// Start() reads the Search section given to SetSection (the window wires its Experiment dock's),
// builds the study spec (ui/views/search_spec.h), validates it with the engine's parser and runs
// it through a JobRunner. Events update the table model once per batch; charts redraw lazily.
// Importance (fANOVA) and the contour chart's interpolated grid are recomputed off the GUI
// thread every kImportanceEvery complete trials and at the end. GUI thread only.
class SearchView final : public ModeView {
  Q_OBJECT

 public:
  static constexpr int kImportanceEvery = 10;

  explicit SearchView(QWidget* parent = nullptr);
  ~SearchView() override;

  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;
  QString StepUnit() const override { return tr("trials"); }

  // Runs `spec` with trials kept in `storage` ("memory" or "sqlite:PATH"). False (and
  // errorReported) when it cannot start.
  bool StartSpec(StudySpec spec, const std::string& storage = "memory");
  // Shows the study `name` stored in the SQLite file `path` (the only one when `name` is empty,
  // else asks) as it was left. Loads off the GUI thread; `studyLoaded` follows.
  bool OpenStudy(const QString& path, const QString& name = {});
  // Follows the study `name` in the store at `url` ("sqlite:PATH", "postgresql://...") that other
  // processes run: opens the store and loads every trial off the GUI thread (studyLoaded
  // follows), then merges the trials that changed, polled about every `poll_ms` ms (StudyWatcher).
  // While attached, Pause, Apply settings and Stop trial write the store's steering records,
  // which the study's workers obey. Detaches from the study followed before. False (and
  // errorReported) while a study runs in this process or when `url` / `name` is empty; a bad URL,
  // unreachable server or unknown study is reported (errorReported, studyLoaded(false)) later.
  bool AttachStudy(const QString& url, const QString& name, int poll_ms = 1000);
  // Stops following the attached study; never blocks. No effect when none. Opening a study,
  // starting a run, attaching again and closing the view detach.
  void Detach();
  bool IsAttached() const { return watcher_ != nullptr; }
  // "Attached to NAME at URL — N trials, M running" while attached; else empty.
  QString AttachStatus() const;

  // What applying polls of an attached study cost the GUI thread (merging the changed trials into
  // the model, the table and the shown chart's scene), since AttachStudy. With the environment
  // variable OPTISCOPE_ATTACH_FRAME_LOG set, each applied poll also prints a JSON line to stderr:
  // {"attach_apply_ms": x, "max_ms": y, "mean_ms": z, "polls": n, "changed": c, "trials": t}.
  struct ApplyStats {
    int polls = 0;
    double max_ms = 0.0;
    double total_ms = 0.0;
    double mean_ms() const { return polls > 0 ? total_ms / polls : 0.0; }
  };
  const ApplyStats& attach_apply_stats() const { return apply_stats_; }

  // Applies a batch of study events (what the runner delivers each tick).
  void IngestEvents(const std::vector<Event>& events);

  // Steering of the running study (errors go to errorReported). Trial: the selected one.
  void SetPaused(bool paused);
  bool StopSelectedTrial();
  bool CloneSelectedTrial();
  bool ExtendSelectedTrial(int extra_epochs);
  // Applies the Search section's space, sampler and pruner (with their options) to the running
  // study between trials; the trials so far stay (those outside the new space are no longer given
  // to the sampler). False with errorReported when the settings are invalid or nothing runs.
  bool ApplySettingsToRunningStudy();
  // Writes the best trial's configuration (experiment: the full config JSON; test function: its
  // parameters) / every trial as CSV. False with errorReported on failure.
  bool ExportBest(const QString& path);
  // "Export best..." as the toolbar does it: says there is nothing to export (errorReported)
  // before any dialog when no trial is complete, else asks for a path and exports.
  bool ExportBestDialog();
  // Non-empty ("The study 'x' (12 trials)") when the study shown ran in memory storage and holds
  // trials: quitting loses them.
  QString UnsavedStudyDescription() const;
  bool ExportCsv(const QString& path);
  // Loads a study spec JSON into the Search section; an experiment spec's base configuration is
  // handed on as experimentLoaded (the window puts it into the Experiment dock). False with
  // errorReported when the file cannot be read or parsed (nothing changes then).
  bool LoadSpec(const QString& path);
  // Saves the Search section's settings over `config` (the base experiment) as a study spec JSON,
  // the file LoadSpec and `optiscope-cli study` read. False with errorReported on failure.
  bool SaveSpec(const QString& path, const ExperimentConfig& config);

  // Shows trial `number`'s curve and configuration and selects its row.
  void SelectTrial(int number);
  std::optional<int> selected_trial() const { return selected_; }

  // The steering actions (pause, stop / clone / extend the selected trial) with their keyboard
  // shortcuts (Ctrl+P, Ctrl+K, Ctrl+D, Ctrl+Shift+E within the view); the trials table's context
  // menu offers them. Each is enabled exactly when its toolbar button is.
  const std::vector<QAction*>& steering_actions() const { return steering_actions_; }

  // The Search section Start, LoadSpec, SaveSpec and "Apply settings" read (none: they fail).
  void SetSection(SearchSection* section) { section_ = section; }
  SearchSection* section() const { return section_; }
  TrialsModel* model() const { return model_; }
  TrialsFilterModel* proxy() const { return proxy_; }
  QTableView* table() const { return table_; }
  QTabWidget* analysis_tabs() const { return tabs_; }
  StudyHistoryChart* history_chart() const { return history_; }
  StudyImportanceChart* importance_chart() const { return importance_; }
  StudyParallelChart* parallel_chart() const { return parallel_; }
  StudyIntermediateChart* intermediate_chart() const { return intermediate_; }
  StudyParetoChart* pareto_chart() const { return pareto_; }
  StudyEdfChart* edf_chart() const { return edf_; }
  StudySliceChart* slice_chart() const { return slice_; }
  StudyContourChart* contour_chart() const { return contour_; }
  QPlainTextEdit* trial_details() const { return details_; }
  // The selected trial's intermediate values (under the table).
  StudyIntermediateChart* trial_curve() const { return trial_curve_; }
  // The spec of the study shown (running, finished or opened).
  const std::optional<StudySpec>& spec() const { return spec_; }

 signals:
  // LoadSpec read an experiment spec: its base configuration.
  void experimentLoaded(const optiscope::ExperimentConfig& config);
  // A stored study finished loading (ok false: errorReported said why).
  void studyLoaded(bool ok);
  // An importance computation finished and the chart shows it.
  void importanceUpdated();
  // A contour grid computation finished (the contour chart shows it when it succeeded).
  void contourUpdated();
  // An attached study's poll was applied to the model (changed trials or steering state).
  void attachPolled();
  // A steering write of an attached study finished (ok false: errorReported said why).
  void attachSteered(const QString& what, bool ok);
  // The attach status line changed (AttachStatus(); empty when detached).
  void attachStatusChanged(const QString& text);

 private:
  struct Steering {
    std::mutex mu;
    Study* study = nullptr;  // set while the study runs, guarded by mu
  };
  void BuildLayout();
  QWidget* BuildToolbar();
  QWidget* BuildTablePane();
  void BuildSteeringActions();
  void ShowSpec(const StudySpec& spec);
  void UpdateParamChoices();
  void UpdateActions();
  void MaybeComputeImportance(bool force);
  // Recomputes the contour chart's grid off the GUI thread when the pair changed, or every
  // kImportanceEvery complete trials, or (force) whenever the count changed.
  void MaybeComputeContour(bool force);
  void OnFinished(const QString& error, bool cancelled);
  void RefreshCharts();
  void ShowDetails();
  void ClearDetails();
  bool Steer(const char* what, const std::function<Status(Study&)>& action);
  // Attached: queues `write` on the watcher; its result arrives as attachSteered.
  bool SteerAttached(const char* what,
                     std::function<Status(StudyStore&, const std::string& study)> write);
  void OnWatchUpdates();
  void ApplyAttachedLoad(StudyWatchUpdate& update);
  void ApplyAttachedControl(const StudyControl& control);
  void ShowAttachStatus();

  SearchSection* section_ = nullptr;
  JobRunner* runner_ = nullptr;
  JobRunner* importance_runner_ = nullptr;
  JobRunner* loader_ = nullptr;
  JobRunner* contour_runner_ = nullptr;
  StudyWatcher* watcher_ = nullptr;  // set while attached
  bool attach_loaded_ = false;       // the attached study's first load arrived
  ApplyStats apply_stats_;
  bool log_frames_ = false;          // OPTISCOPE_ATTACH_FRAME_LOG is set
  std::shared_ptr<Steering> steering_;
  std::optional<StudySpec> spec_;
  bool in_memory_ = false;  // the study shown ran in "memory" storage
  std::optional<int> selected_;
  int importance_done_at_ = 0;  // complete trials at the last importance computation
  bool importance_pending_ = false;
  int contour_done_at_ = 0;  // complete trials at the last contour grid
  QString contour_key_;      // "x\ny" of the last contour grid computed
  bool contour_pending_ = false;
  QString finish_summary_;
  double started_at_ = 0.0;

  TrialsModel* model_ = nullptr;
  TrialsFilterModel* proxy_ = nullptr;
  QTableView* table_ = nullptr;
  QLineEdit* filter_text_ = nullptr;
  std::vector<QCheckBox*> state_boxes_;
  QTabWidget* tabs_ = nullptr;
  StudyHistoryChart* history_ = nullptr;
  StudyParallelChart* parallel_ = nullptr;
  StudySliceChart* slice_ = nullptr;
  StudyContourChart* contour_ = nullptr;
  StudyImportanceChart* importance_ = nullptr;
  StudyIntermediateChart* intermediate_ = nullptr;
  StudyParetoChart* pareto_ = nullptr;
  StudyEdfChart* edf_ = nullptr;
  StudyIntermediateChart* trial_curve_ = nullptr;
  QPlainTextEdit* details_ = nullptr;
  QComboBox* slice_param_ = nullptr;
  QComboBox* contour_x_ = nullptr;
  QComboBox* contour_y_ = nullptr;
  QToolButton* pause_ = nullptr;
  QToolButton* stop_trial_ = nullptr;
  QToolButton* clone_trial_ = nullptr;
  QToolButton* extend_trial_ = nullptr;
  QToolButton* apply_settings_ = nullptr;
  QSpinBox* extend_epochs_ = nullptr;
  ElidingLabel* status_ = nullptr;  // what the study shown is; never widens the window
  std::vector<QAction*> steering_actions_;
};

}  // namespace optiscope::ui
