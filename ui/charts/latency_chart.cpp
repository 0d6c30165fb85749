#include "ui/charts/latency_chart.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLegend>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_tools.h"
#include "ui/charts/series_palette.h"

namespace optiscope::ui {

LatencyChart::LatencyChart(QWidget* parent) : QChartView(parent) {
  auto* chart = new QChart();
  chart->setTitle(tr("Latency per batch of 1,024 rows (ms)"));
  chart->legend()->hide();
  chart->setMargins(QMargins(4, 4, 4, 4));
  set_ = new QBarSet(tr("latency"));
  set_->setColor(SeriesColor(2));
  series_ = new QHorizontalBarSeries(chart);
  series_->append(set_);
  series_->setLabelsVisible(true);
  series_->setLabelsFormat("@value");
  chart->addSeries(series_);
  labels_ = new QBarCategoryAxis(chart);
  labels_->setTruncateLabels(false);  // a variant's whole name, never "..."
  QFont small = labels_->labelsFont();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  labels_->setLabelsFont(small);
  ms_ = new QValueAxis(chart);
  ms_->setLabelFormat("%.2f");
  chart->addAxis(labels_, Qt::AlignLeft);
  chart->addAxis(ms_, Qt::AlignBottom);
  series_->attachAxis(labels_);
  series_->attachAxis(ms_);
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  InstallChartExportMenu(this, QStringLiteral("latency"), tr("Optiscope latency per batch"),
                         [this] { return ChartSeriesCsv(this->chart()); });
  setMinimumSize(280, 220);
  setToolTip(tr("Median time to predict one batch with each variant (single thread)."));
}

void LatencyChart::SetPoints(const std::vector<SweepPoint>& points) {
  QStringList names;
  QList<qreal> values;
  double hi = 0;
  for (const SweepPoint& p : points) {
    names << QString::fromStdString(p.label);
    const double ms = std::isfinite(p.latency_ms) ? std::round(p.latency_ms * 1000) / 1000 : 0.0;
    values << ms;
    hi = std::max(hi, ms);
  }
  labels_->clear();
  labels_->append(names);
  set_->remove(0, set_->count());
  set_->append(values);
  ms_->setRange(0, hi > 0 ? hi * 1.25 : 1.0);
}

}  // namespace optiscope::ui
