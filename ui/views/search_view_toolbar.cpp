// SearchView's toolbar (steering, exports, stored studies) and the steering actions with their
// shortcuts and the trials table's context menu.
#include <QAction>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/charts/study_charts.h"
#include "ui/eliding_label.h"
#include "ui/views/search_view.h"

namespace optiscope::ui {

QWidget* SearchView::BuildToolbar() {
  // Two rows (steering; files), so that every button keeps its whole label at 1024 px.
  auto* bar = new QWidget(this);
  auto* rows = new QVBoxLayout(bar);
  rows->setContentsMargins(0, 0, 0, 0);
  rows->setSpacing(2);
  auto* row = new QHBoxLayout();
  rows->addLayout(row);
  auto button = [&](const QString& text, const QString& tip) {
    auto* b = new QToolButton(bar);
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    row->addWidget(b);
    return b;
  };
  pause_ = button(tr("Pause"), tr("Pause the study: no new trial starts; running ones go on"));
  pause_->setCheckable(true);
  connect(pause_, &QToolButton::toggled, this, &SearchView::SetPaused);
  stop_trial_ = button(tr("Stop trial"), tr("Stop the selected running trial (recorded failed)"));
  connect(stop_trial_, &QToolButton::clicked, this, [this] { StopSelectedTrial(); });
  clone_trial_ =
      button(tr("Clone trial"), tr("Queue a new trial with the selected trial's parameters"));
  connect(clone_trial_, &QToolButton::clicked, this, [this] { CloneSelectedTrial(); });
  extend_trial_ =
      button(tr("Extend trial"), tr("Queue the selected trial's parameters trained more epochs"));
  extend_epochs_ = new QSpinBox(bar);
  extend_epochs_->setRange(1, 100000);
  extend_epochs_->setValue(10);
  extend_epochs_->setPrefix(tr("+"));
  extend_epochs_->setSuffix(tr(" epochs"));
  extend_epochs_->setToolTip(tr("Epochs an extended trial trains beyond the configuration"));
  row->addWidget(extend_epochs_);
  connect(extend_trial_, &QToolButton::clicked, this,
          [this] { ExtendSelectedTrial(extend_epochs_->value()); });
  apply_settings_ =
      button(tr("Apply settings"),
             tr("Give the running study the Search section's space (bounds, parameters added or "
                "dropped), sampler and pruner; the trials so far are kept"));
  connect(apply_settings_, &QToolButton::clicked, this, [this] { ApplySettingsToRunningStudy(); });
  row->addStretch(1);
  row = new QHBoxLayout();
  rows->addLayout(row);
  auto* best = button(tr("Export best..."),
                      tr("Write the best trial's configuration (JSON) to reproduce it with "
                         "optiscope-cli train --config"));
  best->setObjectName("exportBestButton");
  connect(best, &QToolButton::clicked, this, [this] { ExportBestDialog(); });
  auto* csv = button(tr("Export CSV..."), tr("Write every trial as CSV"));
  connect(csv, &QToolButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export trials"), "trials.csv", tr("CSV (*.csv)"));
    if (!path.isEmpty()) ExportCsv(path);
  });
  auto* chart = button(tr("Save chart..."), tr("Save the analysis chart shown as PNG or SVG"));
  connect(chart, &QToolButton::clicked, this, [this] {
    QWidget* page = tabs_->currentWidget();
    auto* plot = qobject_cast<StudyPlot*>(page);
    if (plot == nullptr) plot = page->findChild<StudyPlot*>();
    if (plot == nullptr) return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), "chart.png",
                                                      tr("PNG images (*.png);;SVG images (*.svg)"));
    if (!path.isEmpty() && !plot->SaveImage(path)) {
      emit errorReported(tr("Cannot write %1").arg(path));
    }
  });
  auto* open = button(tr("Open study..."), tr("Show a study stored in an SQLite file"));
  connect(open, &QToolButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open study"), QString(), tr("Study stores (*.db *.sqlite);;All files (*)"));
    if (!path.isEmpty()) OpenStudy(path);
  });
  row->addSpacing(12);
  status_ = new ElidingLabel(bar);
  status_->setObjectName("searchStatus");
  row->addWidget(status_, 1);
  return bar;
}

void SearchView::BuildSteeringActions() {
  const struct {
    QToolButton* button;
    QKeySequence key;
    const char* shortcut;
  } steering[] = {
      {pause_, QKeySequence(Qt::CTRL | Qt::Key_P), "Ctrl+P"},
      {stop_trial_, QKeySequence(Qt::CTRL | Qt::Key_K), "Ctrl+K"},
      {clone_trial_, QKeySequence(Qt::CTRL | Qt::Key_D), "Ctrl+D"},
      {extend_trial_, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), "Ctrl+Shift+E"},
  };
  for (const auto& s : steering) {
    QToolButton* button = s.button;
    auto* action = new QAction(button->text(), this);
    action->setShortcut(s.key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(button->toolTip());
    button->setToolTip(button->toolTip() + QStringLiteral(" (%1)").arg(s.shortcut));
    connect(action, &QAction::triggered, button, [button] {
      if (button->isEnabled()) button->click();
    });
    addAction(action);
    steering_actions_.push_back(action);
  }
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    const QModelIndex index = table_->indexAt(pos);
    if (index.isValid()) {
      table_->selectionModel()->setCurrentIndex(
          index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    QMenu menu(this);
    for (QAction* a : steering_actions_) menu.addAction(a);
    menu.exec(table_->viewport()->mapToGlobal(pos));
  });
}

}  // namespace optiscope::ui
