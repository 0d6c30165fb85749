#include "ui/views/feature_scores_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_tools.h"
#include "ui/job_runner.h"

namespace optiscope::ui {
namespace {

QString Label(const std::string& choice) {
  if (choice == "anova") return QObject::tr("ANOVA F");
  if (choice == "chi2") return QObject::tr("chi-squared");
  if (choice == "mutual_info") return QObject::tr("mutual information");
  if (choice == "variance") return QObject::tr("variance");
  if (choice == "rfe") return QObject::tr("RFE");
  if (choice == "l1") return QObject::tr("L1 (lasso)");
  return QString::fromStdString(choice);
}

}  // namespace

FeatureScoresView::FeatureScoresView(QWidget* parent) : ModeView(parent) {
  runner_ = new JobRunner(this);
  connect(runner_, &JobRunner::finished, this, &FeatureScoresView::OnFinished);
  method_ = new QComboBox(this);
  method_->setObjectName("scoresMethodCombo");
  method_->addItem(tr("Experiment's selection (ANOVA if none)"), QString());
  for (const std::string& choice : SelectionScoreChoices()) {
    method_->addItem(Label(choice), QString::fromStdString(choice));
  }
  method_->setToolTip(
      tr("How Run scores the features: the Features section's selection "
         "method, or one chosen here (its k / threshold / alpha come from the "
         "Features section)"));
  caption_ = new QLabel(tr("Run scores the features of the Experiment's training split"), this);
  caption_->setObjectName("scoresCaption");
  caption_->setWordWrap(true);
  chart_ = new QChartView(new QChart, this);
  chart_->setRenderHint(QPainter::Antialiasing);
  chart_->chart()->setTitle(tr("Feature scores"));
  chart_->setMinimumWidth(360);
  table_ = new QTableWidget(0, 4, this);
  table_->setObjectName("scoresTable");
  table_->setHorizontalHeaderLabels({tr("Rank"), tr("Feature"), tr("Score"), tr("Kept")});
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setToolTip(tr("Every scored feature, best first"));
  InstallChartExportMenu(chart_, QStringLiteral("feature_scores"), tr("Optiscope feature scores"),
                         [this] { return TableToCsv(table_); });
  chart_->setToolTip(tr("Right-click to export the chart (PNG, SVG) or the scores (CSV)"));
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Method:"), this));
  top->addWidget(method_);
  top->addWidget(caption_, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(chart_);
  split->addWidget(table_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setSizes({720, 360});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(split, 1);
}

FeatureScoresView::~FeatureScoresView() {
  delete runner_;  // joins the worker before result_ and the widgets go
  runner_ = nullptr;
}

void FeatureScoresView::SetChoice(const QString& choice) {
  const int i = method_->findData(choice);
  if (i >= 0) method_->setCurrentIndex(i);
}

bool FeatureScoresView::Start(const ExperimentConfig& config) {
  if (runner_->IsRunning()) return false;
  const std::string choice = method_->currentData().toString().toStdString();
  auto result = std::make_shared<std::optional<FeatureScores>>();
  const bool launched = runner_->Start([config, choice, result](std::stop_token, EventSink&) {
    auto scores = ScoreFeatures(config, choice);
    if (!scores.ok()) return scores.status().message();
    *result = std::move(scores).value();
    return std::string();
  });
  if (!launched) {
    emit errorReported(tr("Feature scoring is already running"));
    return false;
  }
  result_ = result;
  const std::string shown = choice.empty() ? SelectionChoiceOf(config.features.select) : choice;
  emit started(tr("Scoring the features of %1 with %2")
                   .arg(QString::fromStdString(config.data.source), Label(shown)),
               1);
  return true;
}

void FeatureScoresView::RequestStop() { runner_->RequestStop(); }

bool FeatureScoresView::IsRunning() const { return runner_ != nullptr && runner_->IsRunning(); }

void FeatureScoresView::OnFinished(const QString& error, bool cancelled) {
  if (!error.isEmpty()) {
    emit errorReported(error);
    emit finished(error, false);
    return;
  }
  if (result_ && result_->has_value()) {
    const FeatureScores& scores = **result_;
    ShowScores(scores);
    if (!scores.note.empty()) emit logMessage(QString::fromStdString(scores.note));
  }
  emit progressed(1, 1, 0.0);
  emit finished(cancelled ? tr("Feature scoring stopped") : tr("Feature scores done"), !cancelled);
}

void FeatureScoresView::ShowScores(const FeatureScores& scores) {
  bar_labels_.clear();
  bar_values_.clear();
  bar_kept_.clear();
  const auto is_kept = [&](int j) {
    return std::binary_search(scores.selected.begin(), scores.selected.end(), j);
  };
  for (int j : scores.ranking) {
    if (static_cast<int>(bar_labels_.size()) == kMaxBars) break;
    if (!std::isfinite(scores.scores[j])) continue;
    bar_labels_ << QString::fromStdString(scores.names[j]);
    bar_values_.push_back(scores.scores[j]);
    bar_kept_.push_back(is_kept(j));
  }
  // Horizontal bars: categories run bottom to top, so the best is appended last.
  QChart* chart = chart_->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) chart->removeAxis(axis);
  auto* kept = new QBarSet(tr("kept"));
  auto* dropped = new QBarSet(tr("not kept"));
  kept->setColor(palette().color(QPalette::Highlight));
  dropped->setColor(QColor(150, 150, 150));
  QStringList categories;
  double top = 0.0;
  for (int r = static_cast<int>(bar_labels_.size()) - 1; r >= 0; --r) {
    categories << bar_labels_[r];
    *kept << (bar_kept_[r] ? bar_values_[r] : 0.0);
    *dropped << (bar_kept_[r] ? 0.0 : bar_values_[r]);
    top = std::max(top, bar_values_[r]);
  }
  auto* series = new QHorizontalStackedBarSeries;
  series->append(kept);
  series->append(dropped);
  series->setBarWidth(0.7);
  connect(series, &QHorizontalStackedBarSeries::hovered, this,
          [this, categories](bool state, int index, QBarSet* set) {
            if (!state || index < 0 || index >= categories.size()) return;
            chart_->setToolTip(tr("%1: %2").arg(categories[index]).arg(set->at(index), 0, 'g', 6));
          });
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis;
  y->append(categories);
  QFont small = y->labelsFont();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
  y->setLabelsFont(small);  // 30 names fit without eliding
  y->setTruncateLabels(false);
  auto* x = new QValueAxis;
  x->setRange(0.0, top > 0 ? top * 1.05 : 1.0);
  x->setLabelFormat("%.3g");
  x->setTitleText(Label(scores.choice));
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(y);
  series->attachAxis(x);
  const int shown = static_cast<int>(bar_labels_.size());
  chart->setTitle(tr("%1 scores of %2 (top %3 of %4, %5 kept)")
                      .arg(Label(scores.choice), QString::fromStdString(scores.dataset))
                      .arg(shown)
                      .arg(scores.names.size())
                      .arg(scores.selected.size()));
  caption_->setText(
      tr("%1 training rows, %2 features scored%3")
          .arg(scores.train_rows)
          .arg(scores.names.size())
          .arg(scores.note.empty() ? QString() : "; " + QString::fromStdString(scores.note)));

  table_->setRowCount(static_cast<int>(scores.ranking.size()));
  for (int r = 0; r < static_cast<int>(scores.ranking.size()); ++r) {
    const int j = scores.ranking[r];
    const double s = scores.scores[j];
    auto* rank = new QTableWidgetItem;
    rank->setData(Qt::DisplayRole, r + 1);
    table_->setItem(r, 0, rank);
    table_->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(scores.names[j])));
    table_->setItem(
        r, 2,
        new QTableWidgetItem(std::isfinite(s) ? QString::number(s, 'g', 6) : tr("undefined")));
    table_->setItem(r, 3, new QTableWidgetItem(is_kept(j) ? tr("yes") : QString()));
  }
  table_->resizeColumnToContents(0);
  table_->resizeColumnToContents(1);
  table_->resizeColumnToContents(2);
}

}  // namespace optiscope::ui
