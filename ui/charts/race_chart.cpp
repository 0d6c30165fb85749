#include "ui/charts/race_chart.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/chart_tools.h"
#include "ui/charts/series_palette.h"
#include "ui/charts/smoothing.h"

namespace optiscope::ui {

RaceChart::RaceChart(QWidget* parent) : QChartView(parent) {
  auto* chart = new QChart();
  chart->setTitle(tr("Loss per epoch (solid: validation, dashed: train)"));
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  x_axis_ = new QValueAxis(chart);
  chart->addAxis(x_axis_, Qt::AlignBottom);
  setChart(chart);
  InstallLossAxis();
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::RectangleRubberBand);
  auto* navigator = new ChartNavigator(this);  // pan, Ctrl+wheel zoom, double-click reset
  connect(navigator, &ChartNavigator::resetRequested, this, [this] {
    this->chart()->zoomReset();
    Refresh();
  });
  setMinimumSize(320, 220);
  setToolTip(
      tr("Each optimizer's loss: validation solid, train dashed. Drag to zoom, right-click "
         "to reset; Ctrl+T switches the x axis between epoch and wall time."));
  ApplyPalette();
  Reset({}, 1);
}

void RaceChart::InstallLossAxis() {
  if (y_axis_ != nullptr) {
    chart()->removeAxis(y_axis_);  // detaches the series
    delete y_axis_;
  }
  y_axis_ = NewLossAxis(log_scale_);
  chart()->addAxis(y_axis_, Qt::AlignLeft);
  for (const Curve& c : curves_) {
    c.train->attachAxis(y_axis_);
    c.validation->attachAxis(y_axis_);
  }
  ApplyPalette();
}

void RaceChart::SetLogScale(bool on) {
  if (on == log_scale_) return;
  log_scale_ = on;
  chart()->zoomReset();
  InstallLossAxis();
  Refresh();
}

void RaceChart::SetSmoothing(double weight) {
  smoothing_ = std::clamp(weight, 0.0, 0.99);
  Refresh();
}

void RaceChart::Reset(const QStringList& racers, int total_epochs) {
  for (Curve& c : curves_) {
    chart()->removeSeries(c.train);
    chart()->removeSeries(c.validation);
    delete c.train;
    delete c.validation;
  }
  curves_.clear();
  racers_ = racers;
  total_epochs_ = std::max(1, total_epochs);
  for (int i = 0; i < racers.size(); ++i) {
    Curve c;
    c.validation = new QLineSeries(chart());
    c.validation->setName(racers[i]);
    c.train = new QLineSeries(chart());
    c.train->setName(racers[i] + tr(" (train)"));
    for (QLineSeries* s : {c.validation, c.train}) {
      chart()->addSeries(s);
      s->attachAxis(x_axis_);
      s->attachAxis(y_axis_);
      const QString racer = racers[i];
      connect(s, &QLineSeries::hovered, this, [this, racer, s](const QPointF& p, bool state) {
        if (!state) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(),
                           QStringLiteral("%1\n%2 %3\n%4 %5")
                               .arg(s->name(), wall_time_ ? tr("seconds") : tr("epoch"))
                               .arg(p.x(), 0, 'g', 4)
                               .arg(smoothing_ > 0.0 ? tr("loss (smoothed)") : tr("loss"))
                               .arg(p.y(), 0, 'g', 5),
                           this);
      });
    }
    // Only the validation curve gets a legend entry (the dashed twin has the same colour).
    for (QLegendMarker* m : chart()->legend()->markers(c.train)) m->setVisible(false);
    curves_.insert(racers[i], c);
  }
  chart()->zoomReset();
  ApplyPalette();
  Refresh();
}

void RaceChart::AddEpochs(const std::vector<EpochMetrics>& epochs) {
  for (const EpochMetrics& e : epochs) {
    auto it = curves_.find(QString::fromStdString(e.run_id));
    if (it == curves_.end()) continue;
    it->epochs.push_back(e);
    total_epochs_ = std::max(total_epochs_, e.epoch);
  }
  Refresh();
}

void RaceChart::SetWallTime(bool wall_time) {
  wall_time_ = wall_time;
  chart()->zoomReset();
  Refresh();
}

QLineSeries* RaceChart::TrainSeries(const QString& racer) const {
  auto it = curves_.find(racer);
  return it == curves_.end() ? nullptr : it->train;
}

QLineSeries* RaceChart::ValidationSeries(const QString& racer) const {
  auto it = curves_.find(racer);
  return it == curves_.end() ? nullptr : it->validation;
}

QString RaceChart::ToCsv() const {
  QString csv = QStringLiteral("optimizer,epoch,seconds,train_loss,val_loss\n");
  auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 9) : QString(); };
  for (const QString& racer : racers_) {
    for (const EpochMetrics& e : curves_[racer].epochs) {
      QString name = racer;
      if (name.contains(',') || name.contains('"')) {
        name = '"' + name.replace('"', "\"\"") + '"';
      }
      csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                 .arg(name)
                 .arg(e.epoch)
                 .arg(num(e.elapsed_seconds), num(e.train_loss), num(e.val_loss));
    }
  }
  return csv;
}

void RaceChart::Refresh() {
  double x_max = wall_time_ ? 0.0 : total_epochs_;
  double y_min = std::numeric_limits<double>::infinity(), y_max = 0.0;
  for (Curve& c : curves_) {
    QList<QPointF> train, val;
    for (const EpochMetrics& e : c.epochs) {
      const double x = wall_time_ ? e.elapsed_seconds : e.epoch;
      x_max = std::max(x_max, x);
      const bool train_ok = std::isfinite(e.train_loss) && (!log_scale_ || e.train_loss > 0.0);
      const bool val_ok = std::isfinite(e.val_loss) && (!log_scale_ || e.val_loss > 0.0);
      if (train_ok) train.append(QPointF(x, e.train_loss));
      if (val_ok) val.append(QPointF(x, e.val_loss));
      for (double v : {e.train_loss, e.val_loss}) {
        if (std::isfinite(v) && (!log_scale_ || v > 0.0)) {
          y_min = std::min(y_min, v);
          y_max = std::max(y_max, v);
        }
      }
    }
    c.train->replace(SmoothEma(train, smoothing_));
    c.validation->replace(SmoothEma(val, smoothing_));
    c.train->setPointsVisible(train.size() <= 40);
    c.validation->setPointsVisible(val.size() <= 40);
  }
  if (chart()->isZoomed()) return;
  x_axis_->setTitleText(wall_time_ ? tr("wall time (s)") : tr("epoch"));
  x_axis_->setLabelFormat(wall_time_ ? "%.2g" : "%d");
  x_axis_->setRange(wall_time_ ? 0.0 : 1.0, std::max(x_max, wall_time_ ? 1e-3 : 2.0));
  if (!wall_time_) x_axis_->setTickCount(std::clamp(total_epochs_, 2, 11));
  if (!std::isfinite(y_min)) {
    y_min = log_scale_ ? 0.1 : 0.0;
    y_max = 1;
  }
  if (auto* log_axis = qobject_cast<QLogValueAxis*>(y_axis_)) {
    log_axis->setRange(y_min / 1.3, std::max(y_max, y_min) * 1.3);
  } else if (auto* axis = qobject_cast<QValueAxis*>(y_axis_)) {
    const double pad = 0.05 * std::max(y_max - y_min, 1e-6);
    axis->setRange(std::max(0.0, y_min - pad), y_max + pad);
  }
}

void RaceChart::mouseReleaseEvent(QMouseEvent* event) {
  // The right button opens the context menu instead of QChartView's "zoom out".
  if (event->button() == Qt::RightButton) {
    event->accept();
    return;
  }
  QChartView::mouseReleaseEvent(event);
}

void RaceChart::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Reset zoom"), this, [this] {
    chart()->zoomReset();
    Refresh();
  });
  menu.addSeparator();
  AddChartExportActions(&menu, this, QStringLiteral("race-loss"), chart()->title(),
                        [this] { return ToCsv(); });
  menu.exec(event->globalPos());
}

void RaceChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) ApplyPalette();
  QChartView::changeEvent(event);
}

void RaceChart::ApplyPalette() {
  ApplyChartPalette(chart(), palette(), {x_axis_, y_axis_});
  for (int i = 0; i < racers_.size(); ++i) {
    const Curve& c = curves_[racers_[i]];
    c.validation->setPen(QPen(SeriesColor(i), 2.2));
    c.train->setPen(QPen(SeriesColor(i), 1.4, Qt::DashLine));
  }
}

}  // namespace optiscope::ui
