// TrialsModel: the GUI's copy of a study's trials (fed by study events) as a table model, the one
// source the trials table and every study chart read.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/events/events.h"
#include "engine/search/study_trial.h"
#include "engine/search/trial.h"

namespace optiscope::ui {

// values[i] of a trial, or NaN.
double TrialValue(const TrialRecord& trial, int i = 0);

// Display name of a state ("running", "complete", "pruned", "failed").
QString TrialStateText(TrialState state);
// The colour of a state in the table and the charts (readable on light and dark backgrounds).
QColor TrialStateColor(TrialState state);

// Columns: "#", "state", one per objective ("value" or objective names), "seconds", then one per
// parameter (in the order first seen). Rows are trials in the order they started. Roles:
// DisplayRole text, Qt::UserRole a number (or string) to sort by, BackgroundRole a pale state
// tint, ForegroundRole the state colour on the state column, ToolTipRole the reason.
// Ingest() applies one batch of events with at most one beginInsertRows/endInsertRows and one
// dataChanged; lookups are O(1) per event, so 10,000 trials stay cheap. GUI thread only.
class TrialsModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  explicit TrialsModel(QObject* parent = nullptr);

  // Forgets every trial. `objective_names` label the value columns (at least one; default
  // {"value"}); `param_names` fixes the first parameter columns (more appear as trials use them).
  void Reset(const QStringList& objective_names = {}, const QStringList& param_names = {});
  // Applies a batch of events in order; events of other kinds are ignored. Returns the number of
  // trials that finished in this batch.
  int Ingest(const std::vector<Event>& events);
  // Replaces the trials with stored ones (a study opened from storage), in one reset.
  void SetTrials(std::vector<TrialRecord> trials);
  // Merges stored trials that changed (StudyStore::ChangesSince, an attached study): a trial
  // already shown (same number) is replaced, a new one is appended. At most one
  // beginInsertRows/endInsertRows, one dataChanged per run of adjacent changed rows and no reset
  // (unless more objectives appear), so a poll costs O(changed trials), not O(study).
  void MergeTrials(std::vector<TrialRecord> changed);
  // Trials in `state` (O(trials)).
  int CountState(TrialState state) const;

  const std::vector<TrialRecord>& trials() const { return trials_; }
  // The record of trial `number`, or nullptr.
  const TrialRecord* Find(int number) const;
  const QStringList& param_names() const { return param_names_; }
  const QStringList& objective_names() const { return objective_names_; }
  // Whether lower or higher is better, per objective (default: minimize). The charts read it.
  void SetDirections(std::vector<Direction> directions);
  Direction direction(int objective = 0) const;
  int num_finished() const { return num_finished_; }
  // Increases whenever any trial changes; charts cache on it.
  quint64 generation() const { return generation_; }

  // Column of parameter `name`, or -1.
  int ParamColumn(const QString& name) const;
  int first_param_column() const { return 3 + static_cast<int>(objective_names_.size()); }
  static constexpr int kNumberColumn = 0;
  static constexpr int kStateColumn = 1;
  static constexpr int kFirstValueColumn = 2;

  // The trials as CSV: number,state,<objectives>,seconds,<params>,reason (RFC 4180 quoting).
  QString ToCsv() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  TrialRecord* FindOrAdd(int number, std::vector<TrialRecord>* pending);
  void NoteParams(const std::vector<TrialParam>& params, QStringList* new_names);
  QString ParamText(const TrialParam& p) const;

  std::vector<TrialRecord> trials_;
  std::unordered_map<int, int> row_of_;  // trial number -> row (pending rows: -(index+1))
  QStringList objective_names_;
  QStringList param_names_;
  std::vector<Direction> directions_;
  int num_finished_ = 0;
  quint64 generation_ = 0;
};

}  // namespace optiscope::ui
