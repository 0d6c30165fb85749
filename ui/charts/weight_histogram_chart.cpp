#include "ui/charts/weight_histogram_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_tools.h"
#include "ui/charts/series_palette.h"

namespace optiscope::ui {
namespace {

// Step-curve points of a histogram (log1p counts keep the spike at zero readable).
QList<QPointF> Steps(const WeightHistogram& h, double* max_y) {
  QList<QPointF> pts;
  const int n = static_cast<int>(h.counts.size());
  if (n == 0) return pts;
  const double w = (h.high - h.low) / n;
  for (int i = 0; i < n; ++i) {
    const double y = std::log1p(static_cast<double>(h.counts[i]));
    *max_y = std::max(*max_y, y);
    pts.append(QPointF(h.low + i * w, y));
    pts.append(QPointF(h.low + (i + 1) * w, y));
  }
  return pts;
}

}  // namespace

WeightHistogramChart::WeightHistogramChart(QWidget* parent) : QChartView(parent) {
  auto* chart = new QChart();
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  before_ = new QLineSeries(chart);
  before_->setName(tr("trained (float32)"));
  after_ = new QLineSeries(chart);
  after_->setName(tr("compressed"));
  chart->addSeries(before_);
  chart->addSeries(after_);
  x_axis_ = new QValueAxis(chart);
  x_axis_->setTitleText(tr("weight"));
  x_axis_->setLabelFormat("%.2g");
  y_axis_ = new QValueAxis(chart);
  y_axis_->setTitleText(tr("log(1 + count)"));
  y_axis_->setLabelFormat("%.1f");
  chart->addAxis(x_axis_, Qt::AlignBottom);
  chart->addAxis(y_axis_, Qt::AlignLeft);
  for (QLineSeries* s : {before_, after_}) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  before_->setPen(QPen(SeriesColor(0), 2.0));
  after_->setPen(QPen(SeriesColor(3), 2.0));
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  InstallChartExportMenu(this, QStringLiteral("weights"), tr("Optiscope weight histogram"),
                         [this] { return ChartSeriesCsv(this->chart()); });
  setMinimumSize(280, 220);
  setToolTip(tr("Weight distribution of the selected layer before and after compression: "
                "quantization turns it into spikes, pruning empties the middle."));
}

void WeightHistogramChart::Show(const WeightHistogram& before, const WeightHistogram& after,
                                const QString& title) {
  chart()->setTitle(title);
  double max_y = 0;
  before_->replace(Steps(before, &max_y));
  after_->replace(Steps(after, &max_y));
  x_axis_->setRange(before.low, before.high > before.low ? before.high : before.low + 1);
  y_axis_->setRange(0, max_y > 0 ? max_y * 1.1 : 1);
}

}  // namespace optiscope::ui
