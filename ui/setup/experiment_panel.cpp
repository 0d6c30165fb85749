#include "ui/setup/experiment_panel.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QWheelEvent>

#include "ui/setup/data_section.h"
#include "ui/setup/features_section.h"
#include "ui/setup/loss_section.h"
#include "ui/setup/model_section.h"
#include "ui/setup/optimizer_section.h"
#include "ui/setup/regularization_section.h"
#include "ui/setup/schedule_section.h"
#include "ui/setup/search_section.h"

namespace optiscope::ui {
namespace {

bool IsValueEditor(const QObject* o) {
  return qobject_cast<const QComboBox*>(o) != nullptr ||
         qobject_cast<const QAbstractSpinBox*>(o) != nullptr;
}

}  // namespace


ExperimentPanel::ExperimentPanel(RecentFiles* recent, QWidget* parent) : QScrollArea(parent) {
  auto* column = new QWidget(this);
  auto* layout = new QVBoxLayout(column);
  layout->setContentsMargins(6, 4, 6, 4);
  data_ = new DataSection(recent, column);
  model_ = new ModelSection(column);
  optimizer_ = new OptimizerSection(column);
  layout->addWidget(data_);
  layout->addWidget(model_);
  layout->addWidget(optimizer_);
  schedule_ = new ScheduleSection(column);
  regularization_ = new RegularizationSection(column);
  layout->addWidget(schedule_);
  layout->addWidget(regularization_);
  loss_ = new LossSection(column);
  layout->insertWidget(layout->indexOf(model_) + 1, loss_);
  connect(data_, &DataSection::previewUpdated, loss_, [this] {
    const QString task = data_->TaskSummary();
    if (task.startsWith(QLatin1String("classification"))) {
      loss_->SetTask(TaskKind::kClassification);
    } else if (task.startsWith(QLatin1String("regression"))) {
      loss_->SetTask(TaskKind::kRegression);
    } else {
      loss_->SetTask(std::nullopt);
    }
  });
  // Features (issue 5): after Data; its impute / scale combos mirror the Data section's.
  features_ = new FeaturesSection(column);
  layout->insertWidget(layout->indexOf(data_) + 1, features_);
  features_->SetExpanded(false);  // folded until opened (or loaded with a features block)
  features_->LinkPreprocessing(data_->missing_combo(), data_->scaling_combo());
  search_ = new SearchSection(column);  // Search mode settings (issue 4)
  layout->addWidget(search_);
  layout->addStretch(1);
  setWidget(column);
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  for (QWidget* w : column->findChildren<QWidget*>()) {
    if (IsValueEditor(w)) w->setFocusPolicy(Qt::StrongFocus);  // those built (and polished) so far
  }
  qApp->installEventFilter(this);  // removed with this object
}

bool ExperimentPanel::eventFilter(QObject* watched, QEvent* event) {
  const QEvent::Type type = event->type();
  if ((type != QEvent::Wheel && type != QEvent::Polish) || !IsValueEditor(watched)) {
    return QScrollArea::eventFilter(watched, event);
  }
  auto* editor = static_cast<QWidget*>(watched);
  if (!isAncestorOf(editor)) return QScrollArea::eventFilter(watched, event);
  if (type == QEvent::Polish) {
    editor->setFocusPolicy(Qt::StrongFocus);  // the wheel alone never focuses it
    return false;
  }
  if (editor->hasFocus()) return false;  // focused: the wheel edits the value
  QCoreApplication::sendEvent(verticalScrollBar(), event);  // unfocused: the panel scrolls
  return true;
}

ExperimentConfig ExperimentPanel::Config() const {
  ExperimentConfig config = base_;
  data_->Apply(&config.data);
  model_->Apply(&config.model);
  optimizer_->Apply(&config.optimizer, &config.training);
  loss_->Apply(&config.loss);
  schedule_->Apply(&config.schedule);
  regularization_->Apply(&config.regularization);
  features_->Apply(&config);  // issue 5: data.missing, data.scaling (mirrored) and features
  return config;
}

void ExperimentPanel::SetConfig(const ExperimentConfig& config) {
  base_ = config;
  data_->Load(config.data);
  model_->Load(config.model);
  optimizer_->Load(config.optimizer, config.training);
  loss_->Load(config.loss);
  schedule_->Load(config.schedule);
  regularization_->Load(config.regularization);
  features_->Load(config);  // issue 5
}

}  // namespace optiscope::ui
