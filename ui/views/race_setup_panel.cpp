#include "ui/views/race_setup_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <set>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/race/test_functions.h"
#include "ui/charts/series_palette.h"
#include "ui/enum_text.h"

namespace optiscope::ui {
namespace {

// The optimizers the table offers, in its row order.
const std::vector<OptimizerType>& RaceTypes() {
  using T = OptimizerType;
  static const std::vector<OptimizerType> types = {
      T::kSgd,  T::kMomentum, T::kNesterov, T::kAdagrad, T::kRmsprop,
      T::kAdam, T::kAdamw,    T::kNadam,    T::kAmsgrad, T::kLbfgs};
  return types;
}

bool HasMomentum(OptimizerType type) {
  return type == OptimizerType::kSgd || type == OptimizerType::kMomentum ||
         type == OptimizerType::kNesterov || type == OptimizerType::kRmsprop;
}

enum RacerColumn { kRacerName = 0, kRacerLr = 1, kRacerMomentum = 2 };

}  // namespace

RaceSetupPanel::RaceSetupPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* label = new QLabel(tr("<b>Optimizers</b> (same model, data, weights and batches)"), this);
  label->setWordWrap(true);
  layout->addWidget(label);
  table_ = new QTableWidget(static_cast<int>(RaceTypes().size()), 3, this);
  table_->setObjectName("raceOptimizerTable");
  table_->setHorizontalHeaderLabels({tr("optimizer"), tr("lr"), tr("momentum")});
  table_->verticalHeader()->hide();
  // The names keep their full width ("adagrad", "adamw", "amsgrad" never elide alike).
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(kRacerName, QHeaderView::ResizeToContents);
  table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  table_->setToolTip(
      tr("Tick the optimizers to race and edit their learning rate and momentum "
         "(double-click a value; scientific notation such as 3e-4 is fine)"));
  const std::set<OptimizerType> checked = {OptimizerType::kSgd, OptimizerType::kMomentum,
                                           OptimizerType::kAdam, OptimizerType::kRmsprop};
  for (int row = 0; row < static_cast<int>(RaceTypes().size()); ++row) {
    const OptimizerType type = RaceTypes()[row];
    const OptimizerConfig defaults = DefaultOptimizerConfig(type);
    auto* name = new QTableWidgetItem(EnumText(type));
    name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    name->setCheckState(checked.count(type) > 0 ? Qt::Checked : Qt::Unchecked);
    table_->setItem(row, kRacerName, name);
    table_->setItem(row, kRacerLr, new QTableWidgetItem(QString::number(defaults.lr, 'g', 6)));
    auto* momentum = new QTableWidgetItem(
        HasMomentum(type) ? QString::number(defaults.momentum, 'g', 6) : QStringLiteral("-"));
    if (!HasMomentum(type)) momentum->setFlags(Qt::ItemIsEnabled);
    table_->setItem(row, kRacerMomentum, momentum);
  }
  // Exactly its rows: the panel (in a scroll area) scrolls; the table never hides a row and
  // nothing below it overlaps one.
  table_->resizeColumnToContents(kRacerName);
  int height = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth();
  for (int row = 0; row < table_->rowCount(); ++row) height += table_->rowHeight(row);
  table_->setFixedHeight(height);
  const int name_width = table_->columnWidth(kRacerName);
  table_->setMinimumWidth(name_width + 2 * fontMetrics().horizontalAdvance(QStringLiteral("0.0001")) +
                          2 * table_->frameWidth() + 24);
  layout->addWidget(table_);

  auto* form = new QFormLayout();
  tune_each_ = new QCheckBox(tr("Tune each learning rate first"), this);
  tune_each_->setObjectName("raceTuneEach");
  tune_each_->setToolTip(
      tr("A fair race: every optimizer gets the same budget (6 short "
         "trainings on a log grid around its lr) to pick its own rate"));
  form->addRow(tune_each_);
  landscape_ = new QCheckBox(tr("Loss landscape after the race"), this);
  landscape_->setObjectName("raceLandscape");
  landscape_->setChecked(true);
  landscape_->setToolTip(
      tr("Evaluate the training loss on the plane of the weight trajectories' "
         "two principal directions (Li et al. 2018) and draw every path"));
  form->addRow(landscape_);
  target_ = new QLineEdit(this);
  target_->setObjectName("raceTargetLoss");
  target_->setPlaceholderText(tr("auto (worst best loss)"));
  target_->setToolTip(
      tr("The loss each optimizer is timed to reach (epochs and seconds). Empty: "
         "the worst optimizer's best loss, which every optimizer reaches"));
  form->addRow(tr("Target loss"), target_);
  function_ = new QComboBox(this);
  function_->setObjectName("raceFunction");
  function_->addItem(tr("none"), QString());
  for (const std::string& name : SurfaceFunctionNames()) {
    function_->addItem(QString::fromStdString(name), QString::fromStdString(name));
  }
  function_->setCurrentIndex(1);
  function_->setToolTip(tr("Also race the optimizers on this 2-D test function (animated)"));
  form->addRow(tr("Test function"), function_);
  steps_ = new QSpinBox(this);
  steps_->setObjectName("raceFunctionSteps");
  steps_->setRange(10, 5000);
  steps_->setValue(300);
  steps_->setToolTip(tr("Optimizer steps on the test function"));
  form->addRow(tr("Steps"), steps_);
  layout->addLayout(form);
  layout->addStretch(1);
}

Result<std::vector<RacerSpec>> RaceSetupPanel::Racers() const {
  std::vector<RacerSpec> racers;
  for (int row = 0; row < table_->rowCount(); ++row) {
    if (table_->item(row, kRacerName)->checkState() != Qt::Checked) continue;
    const QString name = table_->item(row, kRacerName)->text();
    const OptimizerType type = RaceTypes()[row];
    RacerSpec spec{name.toStdString(), DefaultOptimizerConfig(type)};
    bool ok = false;
    const double lr = table_->item(row, kRacerLr)->text().trimmed().toDouble(&ok);
    if (!ok || !(lr > 0)) {
      return Status::InvalidArgument("Race: the learning rate of " + name.toStdString() + " ('" +
                                     table_->item(row, kRacerLr)->text().toStdString() +
                                     "') must be a positive number");
    }
    spec.optimizer.lr = lr;
    if (HasMomentum(type)) {
      const double momentum = table_->item(row, kRacerMomentum)->text().trimmed().toDouble(&ok);
      if (!ok || momentum < 0) {
        return Status::InvalidArgument("Race: the momentum of " + name.toStdString() +
                                       " must be a number >= 0");
      }
      spec.optimizer.momentum = momentum;
    }
    racers.push_back(std::move(spec));
  }
  if (racers.empty()) return Status::InvalidArgument("Race: tick at least one optimizer");
  return racers;
}

void RaceSetupPanel::SetChecked(const QStringList& types) {
  for (int row = 0; row < table_->rowCount(); ++row) {
    QTableWidgetItem* item = table_->item(row, kRacerName);
    item->setCheckState(types.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
  }
}

bool RaceSetupPanel::SetLearningRate(const QString& type, double lr) {
  for (int row = 0; row < table_->rowCount(); ++row) {
    if (table_->item(row, kRacerName)->text() == type) {
      table_->item(row, kRacerLr)->setText(QString::number(lr, 'g', 6));
      return true;
    }
  }
  return false;
}

Result<double> RaceSetupPanel::TargetLoss() const {
  const QString text = target_->text().trimmed();
  if (text.isEmpty()) return std::nan("");
  bool ok = false;
  const double value = text.toDouble(&ok);
  if (!ok || !(value > 0) || !std::isfinite(value)) {
    return Status::InvalidArgument("Race: the target loss ('" + text.toStdString() +
                                   "') must be a positive number, or empty for automatic");
  }
  return value;
}

bool RaceSetupPanel::TuneEach() const { return tune_each_->isChecked(); }
bool RaceSetupPanel::Landscape() const { return landscape_->isChecked(); }
QString RaceSetupPanel::TestFunction() const { return function_->currentData().toString(); }
int RaceSetupPanel::TestFunctionSteps() const { return steps_->value(); }

}  // namespace optiscope::ui
