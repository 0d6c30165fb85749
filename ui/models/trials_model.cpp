#include "ui/models/trials_model.h"

#include <QBrush>
#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscope::ui {
namespace {

QString CsvField(const QString& text) {
  if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) return text;
  QString quoted = text;
  quoted.replace('"', "\"\"");
  return '"' + quoted + '"';
}

QString CellNumber(double v) { return std::isnan(v) ? QString() : QString::number(v, 'g', 6); }

}  // namespace

double TrialValue(const TrialRecord& trial, int i) {
  return i >= 0 && i < static_cast<int>(trial.values.size())
             ? trial.values[i]
             : std::numeric_limits<double>::quiet_NaN();
}

QString TrialStateText(TrialState state) {
  switch (state) {
    case TrialState::kRunning:
      return QStringLiteral("running");
    case TrialState::kComplete:
      return QStringLiteral("complete");
    case TrialState::kPruned:
      return QStringLiteral("pruned");
    case TrialState::kFailed:
      return QStringLiteral("failed");
    case TrialState::kWaiting:
      return QStringLiteral("waiting");
  }
  return {};
}

QColor TrialStateColor(TrialState state) {
  switch (state) {
    case TrialState::kRunning:
      return QColor(0x2f, 0x80, 0xed);
    case TrialState::kComplete:
      return QColor(0x27, 0xae, 0x60);
    case TrialState::kPruned:
      return QColor(0xe6, 0x7e, 0x22);
    case TrialState::kFailed:
      return QColor(0xd6, 0x30, 0x31);
    case TrialState::kWaiting:
      return QColor(0x95, 0xa5, 0xa6);
  }
  return {};
}

TrialsModel::TrialsModel(QObject* parent) : QAbstractTableModel(parent) { Reset(); }

void TrialsModel::Reset(const QStringList& objective_names, const QStringList& param_names) {
  beginResetModel();
  trials_.clear();
  row_of_.clear();
  objective_names_ = objective_names.isEmpty() ? QStringList{tr("value")} : objective_names;
  param_names_ = param_names;
  num_finished_ = 0;
  ++generation_;
  endResetModel();
}

void TrialsModel::SetDirections(std::vector<Direction> directions) {
  directions_ = std::move(directions);
  ++generation_;
}

Direction TrialsModel::direction(int objective) const {
  return objective >= 0 && objective < static_cast<int>(directions_.size()) ? directions_[objective]
                                                                            : Direction::kMinimize;
}

const TrialRecord* TrialsModel::Find(int number) const {
  const auto it = row_of_.find(number);
  if (it == row_of_.end() || it->second >= static_cast<int>(trials_.size())) return nullptr;
  return &trials_[it->second];
}

int TrialsModel::ParamColumn(const QString& name) const {
  const int i = static_cast<int>(param_names_.indexOf(name));
  return i < 0 ? -1 : first_param_column() + i;
}

TrialRecord* TrialsModel::FindOrAdd(int number, std::vector<TrialRecord>* pending) {
  const int committed = static_cast<int>(trials_.size());
  auto it = row_of_.find(number);
  if (it == row_of_.end()) {
    it = row_of_.emplace(number, committed + static_cast<int>(pending->size())).first;
    TrialRecord record;
    record.number = number;
    pending->push_back(std::move(record));
  }
  return it->second < committed ? &trials_[it->second] : &(*pending)[it->second - committed];
}

void TrialsModel::NoteParams(const std::vector<TrialParam>& params, QStringList* new_names) {
  for (const TrialParam& p : params) {
    const QString name = QString::fromStdString(p.name);
    if (!param_names_.contains(name) && !new_names->contains(name)) new_names->append(name);
  }
}

int TrialsModel::Ingest(const std::vector<Event>& events) {
  std::vector<TrialRecord> pending;
  QStringList new_params;
  int changed_min = std::numeric_limits<int>::max();
  int changed_max = -1;
  int finished = 0;
  size_t max_values = objective_names_.size();
  auto touch = [&](int number) {
    const int row = row_of_.at(number);
    if (row < static_cast<int>(trials_.size())) {
      changed_min = std::min(changed_min, row);
      changed_max = std::max(changed_max, row);
    }
  };
  for (const Event& event : events) {
    if (const auto* s = std::get_if<TrialStarted>(&event)) {
      TrialRecord* r = FindOrAdd(s->trial, &pending);
      r->params = s->params;
      r->state = TrialState::kRunning;
      NoteParams(s->params, &new_params);
      touch(s->trial);
    } else if (const auto* rep = std::get_if<TrialReport>(&event)) {
      FindOrAdd(rep->trial, &pending)->intermediate.emplace_back(rep->step, rep->value);
      touch(rep->trial);
    } else if (const auto* f = std::get_if<TrialFinished>(&event)) {
      TrialRecord* r = FindOrAdd(f->trial, &pending);
      if (r->state != TrialState::kRunning) --num_finished_;  // finished again (resumed)
      r->state = ParseTrialState(f->state).value_or(TrialState::kFailed);
      r->values = f->values;
      if (!f->params.empty()) r->params = f->params;
      r->seconds = f->seconds;
      r->reason = f->reason;
      NoteParams(r->params, &new_params);
      max_values = std::max(max_values, f->values.size());
      ++num_finished_;
      ++finished;
      touch(f->trial);
    }
  }
  if (max_values > static_cast<size_t>(objective_names_.size())) {
    // More objectives than announced: rebuild the columns (rare; once per study).
    beginResetModel();
    while (static_cast<size_t>(objective_names_.size()) < max_values) {
      objective_names_.append(tr("value %1").arg(objective_names_.size() + 1));
    }
    param_names_.append(new_params);
    for (TrialRecord& r : pending) trials_.push_back(std::move(r));
    ++generation_;
    endResetModel();
    return finished;
  }
  if (!new_params.isEmpty()) {
    const int first = columnCount();
    beginInsertColumns({}, first, first + static_cast<int>(new_params.size()) - 1);
    param_names_.append(new_params);
    endInsertColumns();
  }
  if (changed_max >= 0) {
    emit dataChanged(index(changed_min, 0), index(changed_max, columnCount() - 1));
  }
  if (!pending.empty()) {
    const int first = static_cast<int>(trials_.size());
    beginInsertRows({}, first, first + static_cast<int>(pending.size()) - 1);
    for (TrialRecord& r : pending) trials_.push_back(std::move(r));
    endInsertRows();
  }
  if (changed_max >= 0 || !pending.empty() || !new_params.isEmpty()) ++generation_;
  return finished;
}

void TrialsModel::SetTrials(std::vector<TrialRecord> trials) {
  beginResetModel();
  trials_ = std::move(trials);
  row_of_.clear();
  num_finished_ = 0;
  QStringList names;
  size_t n_values = objective_names_.size();
  for (size_t i = 0; i < trials_.size(); ++i) {
    row_of_[trials_[i].number] = static_cast<int>(i);
    if (trials_[i].state != TrialState::kRunning) ++num_finished_;
    NoteParams(trials_[i].params, &names);
    n_values = std::max(n_values, trials_[i].values.size());
  }
  param_names_.append(names);
  while (static_cast<size_t>(objective_names_.size()) < n_values) {
    objective_names_.append(tr("value %1").arg(objective_names_.size() + 1));
  }
  ++generation_;
  endResetModel();
}

void TrialsModel::MergeTrials(std::vector<TrialRecord> changed) {
  if (changed.empty()) return;
  const auto finished = [](const TrialRecord& t) {
    return t.state != TrialState::kRunning && t.state != TrialState::kWaiting;
  };
  QStringList new_params;
  size_t max_values = objective_names_.size();
  std::vector<int> changed_rows;
  std::vector<TrialRecord> pending;
  for (TrialRecord& t : changed) {
    NoteParams(t.params, &new_params);
    max_values = std::max(max_values, t.values.size());
    num_finished_ += finished(t) ? 1 : 0;
    const auto it = row_of_.find(t.number);
    const int committed = static_cast<int>(trials_.size());
    if (it != row_of_.end() && it->second >= committed) {  // twice in one batch
      num_finished_ -= finished(pending[it->second - committed]) ? 1 : 0;
      pending[it->second - committed] = std::move(t);
    } else if (it != row_of_.end()) {
      num_finished_ -= finished(trials_[it->second]) ? 1 : 0;
      trials_[it->second] = std::move(t);
      changed_rows.push_back(it->second);
    } else {
      row_of_.emplace(t.number, static_cast<int>(trials_.size() + pending.size()));
      pending.push_back(std::move(t));
    }
  }
  ++generation_;
  if (max_values > static_cast<size_t>(objective_names_.size())) {
    beginResetModel();
    while (static_cast<size_t>(objective_names_.size()) < max_values) {
      objective_names_.append(tr("value %1").arg(objective_names_.size() + 1));
    }
    param_names_.append(new_params);
    for (TrialRecord& r : pending) trials_.push_back(std::move(r));
    endResetModel();
    return;
  }
  if (!new_params.isEmpty()) {
    const int first = columnCount();
    beginInsertColumns({}, first, first + static_cast<int>(new_params.size()) - 1);
    param_names_.append(new_params);
    endInsertColumns();
  }
  std::sort(changed_rows.begin(), changed_rows.end());
  const int last_column = columnCount() - 1;
  for (size_t i = 0; i < changed_rows.size();) {
    size_t j = i;
    while (j + 1 < changed_rows.size() && changed_rows[j + 1] <= changed_rows[j] + 1) ++j;
    emit dataChanged(index(changed_rows[i], 0), index(changed_rows[j], last_column));
    i = j + 1;
  }
  if (!pending.empty()) {
    const int first = static_cast<int>(trials_.size());
    beginInsertRows({}, first, first + static_cast<int>(pending.size()) - 1);
    for (TrialRecord& r : pending) trials_.push_back(std::move(r));
    endInsertRows();
  }
}

int TrialsModel::CountState(TrialState state) const {
  return static_cast<int>(std::count_if(trials_.begin(), trials_.end(),
                                        [state](const TrialRecord& t) { return t.state == state; }));
}

int TrialsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(trials_.size());
}

int TrialsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : first_param_column() + static_cast<int>(param_names_.size());
}

QString TrialsModel::ParamText(const TrialParam& p) const {
  return p.label.empty() ? QString::number(p.value, 'g', 6) : QString::fromStdString(p.label);
}

QVariant TrialsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(trials_.size())) return {};
  const TrialRecord& t = trials_[index.row()];
  const int col = index.column();
  const int n_obj = static_cast<int>(objective_names_.size());
  if (role == Qt::BackgroundRole) {
    QColor tint = TrialStateColor(t.state);
    tint.setAlpha(t.state == TrialState::kComplete ? 28 : 48);
    return QBrush(tint);
  }
  if (role == Qt::ForegroundRole) {
    if (col == kStateColumn) return QBrush(TrialStateColor(t.state));
    return {};
  }
  if (role == Qt::ToolTipRole) {
    QString tip = QString::fromStdString(t.reason);
    if (!t.origin.empty()) tip += (tip.isEmpty() ? "" : "\n") + QString::fromStdString(t.origin);
    return tip.isEmpty() ? QVariant() : QVariant(tip);
  }
  if (role == Qt::TextAlignmentRole) {
    return col == kStateColumn ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole && role != Qt::UserRole) return {};
  const bool sort = role == Qt::UserRole;
  if (col == kNumberColumn) return t.number;
  if (col == kStateColumn) return TrialStateText(t.state);
  if (col < kFirstValueColumn + n_obj) {
    const double v = TrialValue(t, col - kFirstValueColumn);
    if (sort) return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    return CellNumber(v);
  }
  if (col == kFirstValueColumn + n_obj) {
    if (sort) return t.seconds;
    return t.state == TrialState::kRunning ? QString() : QString::number(t.seconds, 'f', 2);
  }
  const int p = col - first_param_column();
  if (p < 0 || p >= param_names_.size()) return {};
  const TrialParam* param = t.Find(param_names_[p].toStdString());
  if (param == nullptr)
    return sort ? QVariant(std::numeric_limits<double>::infinity()) : QVariant();
  if (sort) return param->label.empty() ? QVariant(param->value) : QVariant(ParamText(*param));
  return ParamText(*param);
}

QVariant TrialsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  const int n_obj = static_cast<int>(objective_names_.size());
  if (section == kNumberColumn) return QStringLiteral("#");
  if (section == kStateColumn) return tr("state");
  if (section < kFirstValueColumn + n_obj) return objective_names_[section - kFirstValueColumn];
  if (section == kFirstValueColumn + n_obj) return tr("seconds");
  const int p = section - first_param_column();
  return p >= 0 && p < param_names_.size() ? QVariant(param_names_[p]) : QVariant();
}

QString TrialsModel::ToCsv() const {
  QStringList header = {QStringLiteral("number"), QStringLiteral("state")};
  for (const QString& o : objective_names_) header << CsvField(o);
  header << QStringLiteral("seconds");
  for (const QString& p : param_names_) header << CsvField(p);
  header << QStringLiteral("reason");
  QString csv = header.join(',') + '\n';
  for (const TrialRecord& t : trials_) {
    QStringList row = {QString::number(t.number), TrialStateText(t.state)};
    for (int i = 0; i < objective_names_.size(); ++i) {
      const double v = TrialValue(t, i);
      row << (std::isnan(v) ? QString() : QString::number(v, 'g', 17));
    }
    row << QString::number(t.seconds, 'g', 9);
    for (const QString& name : param_names_) {
      const TrialParam* p = t.Find(name.toStdString());
      row << (p == nullptr ? QString()
                           : CsvField(p->label.empty() ? QString::number(p->value, 'g', 17)
                                                       : QString::fromStdString(p->label)));
    }
    row << CsvField(QString::fromStdString(t.reason));
    csv += row.join(',') + '\n';
  }
  return csv;
}

}  // namespace optiscope::ui
