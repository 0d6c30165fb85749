#include "ui/views/regression_plots.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QResizeEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_export.h"
#include "ui/charts/nice_step.h"
#include "ui/charts/series_palette.h"

namespace optiscope::ui {
namespace {

// Below this width the plots are compact: no axis titles, about three ticks, smaller labels.
constexpr int kCompactWidth = 640;

// An axis over [low, high] widened to nice ticks (about `divisions` of them).
void SetNiceRange(QValueAxis* axis, double low, double high, int divisions) {
  if (!(high > low)) {
    const double pad = std::max(1.0, std::abs(low) * 0.1);
    low -= pad;
    high += pad;
  }
  const double step = NiceStep((high - low) / divisions);
  const double nice_low = std::floor(low / step) * step;
  const double nice_high = std::ceil(high / step) * step;
  axis->setRange(nice_low, nice_high);
  axis->setTickCount(static_cast<int>(std::lround((nice_high - nice_low) / step)) + 1);
}

QChartView* MakeRegressionChart(const QString& title, const QString& x_title,
                                const QString& y_title, QWidget* parent) {
  auto* chart = new QChart();
  chart->setTitle(title);
  chart->legend()->hide();
  chart->setMargins(QMargins(2, 2, 2, 2));
  chart->setBackgroundRoundness(0);
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  auto* x = new QValueAxis(chart);
  x->setTitleText(x_title);
  x->setLabelFormat("%.4g");
  auto* y = new QValueAxis(chart);
  y->setTitleText(y_title);
  y->setLabelFormat("%.4g");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(140, 110);
  view->setContextMenuPolicy(Qt::CustomContextMenu);
  return view;
}

QValueAxis* AxisOf(QChartView* view, Qt::Orientation orientation) {
  return qobject_cast<QValueAxis*>(view->chart()->axes(orientation).value(0));
}

// The points and the reference line of one chart, attached to its axes.
void AddRegressionSeries(QChartView* view, QScatterSeries* points, QLineSeries* line) {
  QChart* chart = view->chart();
  chart->addSeries(line);
  chart->addSeries(points);
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{line, points}) {
    s->attachAxis(AxisOf(view, Qt::Horizontal));
    s->attachAxis(AxisOf(view, Qt::Vertical));
  }
}

}  // namespace

RegressionPlots::RegressionPlots(QWidget* parent) : QWidget(parent) {
  setObjectName("regressionPlots");
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  predicted_view_ = MakeRegressionChart(QString(), tr("actual"), tr("predicted"), this);
  predicted_view_->setObjectName("predictedVsActualChart");
  predicted_view_->setToolTip(tr("Each test row: its actual target (x) and the model's "
                                 "prediction (y); on the dashed line the prediction is exact"));
  residual_view_ = MakeRegressionChart(QString(), tr("predicted"), tr("actual − predicted"), this);
  residual_view_->setObjectName("residualChart");
  residual_view_->setToolTip(tr("Each test row's error (actual − predicted) against its "
                                "prediction: a pattern or a funnel shape means the model misses "
                                "structure"));
  predicted_points_ = new QScatterSeries(this);
  residual_points_ = new QScatterSeries(this);
  identity_ = new QLineSeries(this);
  zero_ = new QLineSeries(this);
  AddRegressionSeries(predicted_view_, predicted_points_, identity_);
  AddRegressionSeries(residual_view_, residual_points_, zero_);
  for (QScatterSeries* s : {predicted_points_, residual_points_}) {
    s->setMarkerShape(QScatterSeries::MarkerShapeCircle);
  }
  connect(predicted_points_, &QScatterSeries::hovered, this,
          [this](const QPointF& p, bool state) { ShowHover(p, state, false); });
  connect(residual_points_, &QScatterSeries::hovered, this,
          [this](const QPointF& p, bool state) { ShowHover(p, state, true); });
  for (QChartView* view : {predicted_view_, residual_view_}) {
    connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint& at) {
      QMenu menu(this);
      menu.addAction(tr("Export chart as PNG..."), this, [this, view] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export chart"),
            view == residual_view_ ? QStringLiteral("residuals.png")
                                   : QStringLiteral("predicted_vs_actual.png"),
            tr("PNG images (*.png)"));
        if (!path.isEmpty()) SaveWidgetPng(view, path);
      });
      menu.addAction(tr("Copy data as CSV"), this,
                     [this] { QApplication::clipboard()->setText(ToCsv()); });
      menu.exec(view->mapToGlobal(at));
    });
  }
  auto* charts = new QHBoxLayout();
  charts->setContentsMargins(0, 0, 0, 0);
  charts->addWidget(predicted_view_, 1);
  charts->addWidget(residual_view_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 4, 8, 8);
  layout->addWidget(title_);
  layout->addLayout(charts, 1);
  ApplyPalette();
  LayOutAxes();  // titles, fonts and markers
  Clear();
}

void RegressionPlots::Clear() {
  sample_ = RegressionSample();
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{predicted_points_, residual_points_,
                                                        identity_, zero_}) {
    s->clear();
  }
  setVisible(false);
}

void RegressionPlots::SetSample(const RegressionSample& sample) {
  if (sample.actual.empty()) return Clear();
  sample_ = sample;
  const size_t n = sample.actual.size();
  QList<QPointF> predicted, residual;
  predicted.reserve(static_cast<qsizetype>(n));
  residual.reserve(static_cast<qsizetype>(n));
  double low = sample.actual[0], high = low, p_low = sample.predicted[0], p_high = p_low;
  double r_max = 0;
  for (size_t i = 0; i < n; ++i) {
    predicted.append(QPointF(sample.actual[i], sample.predicted[i]));
    residual.append(QPointF(sample.predicted[i], sample.residual[i]));
    low = std::min({low, sample.actual[i], sample.predicted[i]});
    high = std::max({high, sample.actual[i], sample.predicted[i]});
    p_low = std::min(p_low, sample.predicted[i]);
    p_high = std::max(p_high, sample.predicted[i]);
    r_max = std::max(r_max, std::abs(sample.residual[i]));
  }
  predicted_points_->replace(predicted);
  residual_points_->replace(residual);
  identity_->replace(QList<QPointF>{{low, low}, {high, high}});
  zero_->replace(QList<QPointF>{{p_low, 0.0}, {p_high, 0.0}});
  // The same range on both axes, so the y = x line runs corner to corner.
  const double ranges[4][2] = {{low, high}, {low, high}, {p_low, p_high}, {-r_max, r_max}};
  std::copy(&ranges[0][0], &ranges[0][0] + 8, &ranges_[0][0]);
  LayOutAxes();
  title_->setText(static_cast<int64_t>(n) < sample.total_rows
                      ? tr("Test rows: %1 of %2 shown (evenly spaced)")
                            .arg(n)
                            .arg(sample.total_rows)
                      : tr("Test rows: %1").arg(n));
  setVisible(true);
}

QString RegressionPlots::ToCsv() const {
  QString csv = QStringLiteral("actual,predicted,residual\n");
  for (size_t i = 0; i < sample_.actual.size(); ++i) {
    csv += QStringLiteral("%1,%2,%3\n")
               .arg(sample_.actual[i], 0, 'g', 9)
               .arg(sample_.predicted[i], 0, 'g', 9)
               .arg(sample_.residual[i], 0, 'g', 9);
  }
  return csv;
}

void RegressionPlots::ShowHover(const QPointF& point, bool state, bool residual_chart) {
  if (!state) {
    QToolTip::hideText();
    return;
  }
  const double predicted = residual_chart ? point.x() : point.y();
  const double actual = residual_chart ? point.x() + point.y() : point.x();
  QToolTip::showText(QCursor::pos(),
                     tr("actual %1\npredicted %2\nresidual %3")
                         .arg(actual, 0, 'g', 5)
                         .arg(predicted, 0, 'g', 5)
                         .arg(actual - predicted, 0, 'g', 5),
                     this);
}

void RegressionPlots::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const bool compact = width() < kCompactWidth;
  if (compact == compact_) return;
  compact_ = compact;
  LayOutAxes();
}

void RegressionPlots::LayOutAxes() {
  QValueAxis* const axes[4] = {AxisOf(predicted_view_, Qt::Horizontal),
                               AxisOf(predicted_view_, Qt::Vertical),
                               AxisOf(residual_view_, Qt::Horizontal),
                               AxisOf(residual_view_, Qt::Vertical)};
  QFont labels = font();
  if (compact_) labels.setPointSizeF(std::max(6.0, labels.pointSizeF() * 0.8));
  for (int i = 0; i < 4; ++i) {
    axes[i]->setTitleVisible(!compact_);
    axes[i]->setLabelsFont(labels);
    SetNiceRange(axes[i], ranges_[i][0], ranges_[i][1], compact_ ? 2 : 5);
  }
  QFont title = font();
  title.setBold(true);
  if (compact_) title.setPointSizeF(std::max(6.0, title.pointSizeF() * 0.85));
  predicted_view_->chart()->setTitleFont(title);
  residual_view_->chart()->setTitleFont(title);
  predicted_view_->chart()->setTitle(compact_ ? tr("Predicted vs actual")
                                              : tr("Predicted (y) vs actual (x)"));
  residual_view_->chart()->setTitle(compact_ ? tr("Residuals")
                                             : tr("Residual (y) vs predicted (x)"));
  for (QScatterSeries* s : {predicted_points_, residual_points_}) {
    s->setMarkerSize(compact_ ? 4 : 6);
  }
}

void RegressionPlots::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) ApplyPalette();
  QWidget::changeEvent(event);
}

void RegressionPlots::ApplyPalette() {
  for (QChartView* view : {predicted_view_, residual_view_}) {
    ApplyChartPalette(view->chart(), palette(),
                      {AxisOf(view, Qt::Horizontal), AxisOf(view, Qt::Vertical)});
  }
  QColor point = SeriesColor(kValidationSeries);
  point.setAlpha(170);
  for (QScatterSeries* s : {predicted_points_, residual_points_}) {
    s->setColor(point);
    s->setBorderColor(point);
  }
  QPen reference(palette().color(QPalette::Text), 1.2, Qt::DashLine);
  identity_->setPen(reference);
  zero_->setPen(reference);
}

}  // namespace optiscope::ui
