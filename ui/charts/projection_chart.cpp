#include "ui/charts/projection_chart.h"

#include <QGraphicsPixmapItem>
#include <QGuiApplication>
#include <QImage>
#include <QLineF>
#include <QToolTip>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "engine/features/projection_thinning.h"
#include "ui/charts/chart_tools.h"
#include "ui/charts/series_palette.h"

namespace optiscope::ui {
namespace {

constexpr int kRegionAlpha = 70;
constexpr double kAxisMargin = 0.05;

bool OpenGlAvailable() {
  const QString platform = QGuiApplication::platformName();
  return platform != "offscreen" && platform != "minimal";
}

// The name of class id k: its name in the data when known, else the id.
QString ClassName(const std::vector<std::string>& names, int k) {
  if (k >= 0 && k < static_cast<int>(names.size())) return QString::fromStdString(names[k]);
  return QString::number(k);
}

// Ticks at whole multiples of a 1-2-5 step anchored at 0 (so 0 reads "0", never "-0.0"), with as
// many decimals as the step needs.
void SetNiceTicks(QValueAxis* axis, double lo, double hi) {
  const double span = hi - lo;
  if (!(span > 0) || !std::isfinite(span)) return;
  const double raw = span / 5.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double unit = raw / magnitude;
  const double step = (unit < 1.5 ? 1.0 : unit < 3.5 ? 2.0 : unit < 7.5 ? 5.0 : 10.0) * magnitude;
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0.0);
  axis->setTickInterval(step);
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

// Colour group of point i and the group's legend name and colour.
struct Grouping {
  std::vector<int> group;
  std::map<int, std::pair<QString, QColor>> legend;
};

Grouping GroupPoints(const Projection& p, ProjectionColorBy by,
                     const std::vector<std::string>& names) {
  const size_t n = p.xy.size() / 2;
  Grouping g;
  g.group.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const int label = i < p.labels.size() ? p.labels[i] : -1;
    int k = label;
    if (by == ProjectionColorBy::kPrediction) {
      k = p.predictions[i];
    } else if (by == ProjectionColorBy::kError && !p.predictions.empty()) {
      k = p.predictions[i] == label ? 0 : 1;
    } else if (by == ProjectionColorBy::kError) {
      k = p.errors[i] >= 0 ? 0 : 1;
    }
    g.group[i] = k;
    if (g.legend.count(k) != 0) continue;
    if (by == ProjectionColorBy::kError && !p.predictions.empty()) {
      g.legend[k] = k == 0 ? std::pair{QObject::tr("correct"), QColor(0x59a14f)}
                           : std::pair{QObject::tr("wrong"), QColor(0xe15759)};
    } else if (by == ProjectionColorBy::kError) {
      g.legend[k] = k == 0 ? std::pair{QObject::tr("over-predicted"), QColor(0xe15759)}
                           : std::pair{QObject::tr("under-predicted"), QColor(0x4e79a7)};
    } else if (k < 0) {
      g.legend[k] = {QObject::tr("unlabelled"), SeriesColor(0)};
    } else {
      g.legend[k] = {by == ProjectionColorBy::kPrediction
                         ? QObject::tr("predicted %1").arg(ClassName(names, k))
                         : QObject::tr("class %1").arg(ClassName(names, k)),
                     SeriesColor(k)};
    }
  }
  return g;
}

QString DescribePoint(const Projection& p, int i, const std::vector<std::string>& names) {
  const int row = p.rows.empty() ? i : p.rows[i];
  QString text = QObject::tr("row %1").arg(row);
  if (i < static_cast<int>(p.labels.size()) && p.labels[i] >= 0) {
    text += QObject::tr(": class %1").arg(ClassName(names, p.labels[i]));
  }
  if (i < static_cast<int>(p.predictions.size())) {
    text += QObject::tr(", predicted %1").arg(ClassName(names, p.predictions[i]));
  }
  if (i < static_cast<int>(p.errors.size())) {
    text += QObject::tr(", error %1").arg(p.errors[i], 0, 'g', 4);
  }
  return text +
         QObject::tr(" (x %1, y %2)").arg(p.xy[2 * i], 0, 'g', 4).arg(p.xy[2 * i + 1], 0, 'g', 4);
}

}  // namespace

ProjectionChart::ProjectionChart(QWidget* parent) : QChartView(new QChart, parent) {
  setRenderHint(QPainter::Antialiasing);
  chart()->setTitle(tr("Projection"));
  InstallChartExportMenu(this, QStringLiteral("projection"), tr("Optiscope projection"),
                         [this] { return ChartSeriesCsv(chart()); });
  connect(chart(), &QChart::plotAreaChanged, this, [this] { PlaceRegions(); });
}

void ProjectionChart::Clear() {
  QChart* c = chart();
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) c->removeAxis(axis);
  delete regions_;
  regions_ = nullptr;
  drawn_ = 0;
}

void ProjectionChart::Show(const Projection& p, ProjectionColorBy color_by,
                           const std::vector<std::string>& class_names) {
  Clear();
  const int n = static_cast<int>(std::min(p.xy.size() / 2, p.labels.size()));
  effective_ = color_by;
  if (color_by == ProjectionColorBy::kPrediction && p.predictions.size() < static_cast<size_t>(n)) {
    effective_ = ProjectionColorBy::kClass;
  }
  if (color_by == ProjectionColorBy::kError && p.predictions.size() < static_cast<size_t>(n) &&
      p.errors.size() < static_cast<size_t>(n)) {
    effective_ = ProjectionColorBy::kClass;
  }
  auto owned = std::make_shared<Projection>(p);
  owned->xy.resize(2 * n);
  std::shared_ptr<const Projection> hover_source = owned;
  const Projection& shown = *owned;
  const Grouping grouping = GroupPoints(shown, effective_, class_names);
  const std::vector<int> kept = ThinPoints(shown.xy, grouping.group, kMaxDrawnPoints);
  drawn_ = static_cast<int>(kept.size());
  const bool opengl = drawn_ > kOpenGlPoints && OpenGlAvailable();

  std::map<int, QList<QPointF>> points;
  std::map<int, std::vector<int>> indices;  // series point -> projection index
  float x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (int i : kept) {
    const float x = shown.xy[2 * i], y = shown.xy[2 * i + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    points[grouping.group[i]].append(QPointF(x, y));
    indices[grouping.group[i]].push_back(i);
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  }
  QChart* c = chart();
  auto* ax = new QValueAxis;
  auto* ay = new QValueAxis;
  c->addAxis(ax, Qt::AlignBottom);
  c->addAxis(ay, Qt::AlignLeft);
  const double marker = drawn_ > kOpenGlPoints ? 4.0 : 8.0;
  for (auto& [k, list] : points) {
    auto* series = new QScatterSeries;
    series->setName(grouping.legend.at(k).first);
    series->setColor(grouping.legend.at(k).second);
    series->setBorderColor(grouping.legend.at(k).second.darker(130));
    series->setMarkerSize(marker);
    series->setUseOpenGL(opengl);
    series->replace(list);
    c->addSeries(series);
    series->attachAxis(ax);
    series->attachAxis(ay);
    const std::vector<int>& rows = indices[k];
    connect(series, &QScatterSeries::hovered, this,
            [this, series, rows, hover_source, class_names](const QPointF& point, bool state) {
              if (!state) return;
              const QList<QPointF> pts = series->points();
              int best = 0;
              for (int j = 1; j < pts.size(); ++j) {
                if (QLineF(pts[j], point).length() < QLineF(pts[best], point).length()) best = j;
              }
              if (pts.isEmpty()) return;
              const QString text = DescribePoint(*hover_source, rows[best], class_names);
              QToolTip::showText(QCursor::pos(), text, this);
              emit pointHovered(text);
            });
  }
  const bool regions =
      p.region_cols > 0 && p.region_rows > 0 &&
      p.region_classes.size() == static_cast<size_t>(p.region_cols) * p.region_rows;
  if (regions) {
    x0 = std::min(x0, p.region_x_min), x1 = std::max(x1, p.region_x_max);
    y0 = std::min(y0, p.region_y_min), y1 = std::max(y1, p.region_y_max);
  }
  if (!std::isfinite(x0)) x0 = y0 = -1, x1 = y1 = 1;
  const double mx = std::max(1e-6, (x1 - x0) * kAxisMargin);
  const double my = std::max(1e-6, (y1 - y0) * kAxisMargin);
  ax->setRange(regions ? x0 : x0 - mx, regions ? x1 : x1 + mx);
  ay->setRange(regions ? y0 : y0 - my, regions ? y1 : y1 + my);
  SetNiceTicks(ax, ax->min(), ax->max());
  SetNiceTicks(ay, ay->min(), ay->max());
  ax->setTitleText(p.what == "hidden" ? tr("hidden PC 1") : tr("PC 1"));
  ay->setTitleText(p.what == "hidden" ? tr("hidden PC 2") : tr("PC 2"));
  if (regions) {
    // Image row 0 is the top of the plot (y max); the grid's row 0 is y min.
    QImage image(p.region_cols, p.region_rows, QImage::Format_ARGB32);
    for (int r = 0; r < p.region_rows; ++r) {
      QRgb* line = reinterpret_cast<QRgb*>(image.scanLine(p.region_rows - 1 - r));
      for (int col = 0; col < p.region_cols; ++col) {
        QColor color = SeriesColor(p.region_classes[static_cast<size_t>(r) * p.region_cols + col]);
        color.setAlpha(kRegionAlpha);
        line[col] = color.rgba();
      }
    }
    regions_ = new QGraphicsPixmapItem(QPixmap::fromImage(image), c);
    regions_->setTransformationMode(Qt::FastTransformation);
    regions_->setZValue(0.5);  // over the plot-area background, under the grid and the series
    region_bounds_[0] = p.region_x_min, region_bounds_[1] = p.region_x_max;
    region_bounds_[2] = p.region_y_min, region_bounds_[3] = p.region_y_max;
    connect(ax, &QValueAxis::rangeChanged, this, [this] { PlaceRegions(); });
    connect(ay, &QValueAxis::rangeChanged, this, [this] { PlaceRegions(); });
    PlaceRegions();
  }
}

QRectF ProjectionChart::RegionsRect() const {
  return regions_ == nullptr ? QRectF() : regions_->sceneBoundingRect();
}

void ProjectionChart::PlaceRegions() {
  if (regions_ == nullptr || chart()->series().isEmpty()) return;
  QChart* c = chart();
  QAbstractSeries* s = c->series().front();
  const QPointF top_left = c->mapToPosition(QPointF(region_bounds_[0], region_bounds_[3]), s);
  const QPointF bottom_right = c->mapToPosition(QPointF(region_bounds_[1], region_bounds_[2]), s);
  const QSizeF size = regions_->pixmap().size();
  if (size.isEmpty()) return;
  regions_->setPos(top_left);
  regions_->setTransform(QTransform::fromScale((bottom_right.x() - top_left.x()) / size.width(),
                                               (bottom_right.y() - top_left.y()) / size.height()));
}

}  // namespace optiscope::ui
