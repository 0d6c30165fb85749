#include "ui/charts/heat_map_widget.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "ui/charts/chart_export.h"

namespace optiscope::ui {
namespace {

// A perceptually ordered ramp (anchors close to matplotlib's "viridis"), t in [0, 1].
QColor Ramp(double t) {
  static constexpr std::array<QRgb, 6> kAnchors = {0x440154, 0x414487, 0x2a788e,
                                                   0x22a884, 0x7ad151, 0xfde725};
  t = std::clamp(t, 0.0, 1.0) * (kAnchors.size() - 1);
  const int i = std::min(static_cast<int>(t), static_cast<int>(kAnchors.size()) - 2);
  const double f = t - i;
  const QColor a = QColor::fromRgb(kAnchors[i]), b = QColor::fromRgb(kAnchors[i + 1]);
  return QColor::fromRgbF(a.redF() + f * (b.redF() - a.redF()),
                          a.greenF() + f * (b.greenF() - a.greenF()),
                          a.blueF() + f * (b.blueF() - a.blueF()));
}

constexpr int kMarginLeft = 46, kMarginRight = 10, kMarginTop = 24, kMarginBottom = 34;

}  // namespace

HeatMapWidget::HeatMapWidget(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(240, 200);
  placeholder_ = tr("No data yet: run a race");
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QColor HeatMapWidget::ClassColor(int id) {
  static constexpr std::array<QRgb, 6> kColors = {0x1f77b4, 0xd62728, 0x2ca02c,
                                                  0x9467bd, 0xff7f0e, 0x17becf};
  return QColor::fromRgb(kColors[static_cast<size_t>(std::abs(id)) % kColors.size()]);
}

void HeatMapWidget::SetTitle(const QString& title) {
  title_ = title;
  update();
}

void HeatMapWidget::SetAxisTitles(const QString& x, const QString& y) {
  x_title_ = x;
  y_title_ = y;
  update();
}

double HeatMapWidget::Transformed(float v) const {
  if (!std::isfinite(v)) return std::nan("");
  return log_scale_ ? std::log1p(std::max(0.0, static_cast<double>(v) - raw_min_)) : v;
}

void HeatMapWidget::FillGrid(int nx, int ny, double x_min, double x_max, double y_min,
                             double y_max, const std::function<QColor(size_t)>& color) {
  nx_ = nx;
  ny_ = ny;
  x_min_ = x_min;
  x_max_ = x_max;
  y_min_ = y_min;
  y_max_ = y_max;
  image_ = QImage(nx, ny, QImage::Format_RGB32);
  for (int r = 0; r < ny; ++r) {
    for (int c = 0; c < nx; ++c) {
      image_.setPixel(c, ny - 1 - r, color(static_cast<size_t>(r) * nx + c).rgb());
    }
  }
  update();
}

void HeatMapWidget::SetScalarField(int nx, int ny, double x_min, double x_max, double y_min,
                                   double y_max, const std::vector<float>& values, bool log_scale) {
  class_field_ = false;
  log_scale_ = log_scale;
  values_ = values;
  raw_min_ = INFINITY;
  for (float v : values_) {
    if (std::isfinite(v)) raw_min_ = std::min(raw_min_, static_cast<double>(v));
  }
  if (!std::isfinite(raw_min_)) raw_min_ = 0;
  v_min_ = INFINITY;
  v_max_ = -INFINITY;
  for (float v : values_) {
    const double t = Transformed(v);
    if (std::isfinite(t)) {
      v_min_ = std::min(v_min_, t);
      v_max_ = std::max(v_max_, t);
    }
  }
  if (!(v_max_ > v_min_)) v_max_ = v_min_ + 1;
  FillGrid(nx, ny, x_min, x_max, y_min, y_max, [this](size_t i) {
    const double t = Transformed(values_[i]);
    return std::isfinite(t) ? Ramp((t - v_min_) / (v_max_ - v_min_)) : QColor(Qt::gray);
  });
}

void HeatMapWidget::SetClassField(int nx, int ny, double x_min, double x_max, double y_min,
                                  double y_max, const std::vector<int>& labels,
                                  const std::vector<float>& confidence) {
  class_field_ = true;
  values_.clear();
  FillGrid(nx, ny, x_min, x_max, y_min, y_max, [&](size_t i) {
    const QColor base = ClassColor(labels[i]);
    // Confidence 1/K .. 1 -> 15% .. 65% of the class colour over white.
    const double w = 0.15 + 0.5 * std::clamp((confidence[i] - 0.5) * 2.0, 0.0, 1.0);
    return QColor::fromRgbF(1 - w * (1 - base.redF()), 1 - w * (1 - base.greenF()),
                            1 - w * (1 - base.blueF()));
  });
}

void HeatMapWidget::SetPaths(const QList<Path>& paths) {
  paths_ = paths;
  update();
}

void HeatMapWidget::AppendToPath(const QString& name, const QColor& color,
                                 const QList<QPointF>& points) {
  for (Path& p : paths_) {
    if (p.name == name) {
      p.points.append(points);
      update();
      return;
    }
  }
  paths_.append(Path{name, color, points});
  update();
}

void HeatMapWidget::SetVisibleSteps(int steps) {
  visible_steps_ = steps;
  update();
}

void HeatMapWidget::SetPoints(const QList<QPointF>& points, const QList<int>& labels) {
  points_ = points;
  point_labels_ = labels;
  update();
}

void HeatMapWidget::SetMarkers(const QList<QPointF>& markers) {
  markers_ = markers;
  update();
}

void HeatMapWidget::Clear() {
  nx_ = ny_ = 0;
  values_.clear();
  image_ = QImage();
  paths_.clear();
  points_.clear();
  point_labels_.clear();
  markers_.clear();
  visible_steps_ = -1;
  placeholder_ = tr("No data yet: run a race");
  update();
}

void HeatMapWidget::SetPlaceholder(const QString& text) {
  placeholder_ = text;
  update();
}

QRectF HeatMapWidget::LegendRect(const QRectF& plot) const {
  if (paths_.isEmpty() || nx_ == 0) return {};
  int width = 0;
  for (const Path& path : paths_) {
    width = std::max(width, fontMetrics().horizontalAdvance(path.name));
  }
  const QSizeF size(width + 26, 15 * paths_.size() + 6);
  const QPointF corners[] = {
      plot.topLeft() + QPointF(2, 2), QPointF(plot.right() - 2 - size.width(), plot.top() + 2),
      QPointF(plot.left() + 2, plot.bottom() - 2 - size.height()),
      plot.bottomRight() - QPointF(2 + size.width(), 2 + size.height())};
  QRectF best;
  int best_cost = std::numeric_limits<int>::max();
  for (const QPointF& corner : corners) {
    const QRectF box(corner, size);
    int cost = 0;
    for (const Path& path : paths_) {
      const int shown = visible_steps_ < 0 ? path.points.size()
                                           : std::min<int>(visible_steps_, path.points.size());
      for (int i = 0; i < shown; ++i) {
        if (box.contains(ToPixel(plot, path.points[i]))) cost += i == 0 ? 1000 : 1;
      }
    }
    for (const QPointF& m : markers_) cost += box.contains(ToPixel(plot, m)) ? 50 : 0;
    if (cost < best_cost) {
      best_cost = cost;
      best = box;
    }
  }
  return best;
}

int HeatMapWidget::LongestPath() const {
  int n = 0;
  for (const Path& p : paths_) n = std::max(n, static_cast<int>(p.points.size()));
  return n;
}

QRectF HeatMapWidget::PlotRect(const QRect& rect) const {
  return QRectF(rect.left() + kMarginLeft, rect.top() + kMarginTop,
                std::max(10, rect.width() - kMarginLeft - kMarginRight),
                std::max(10, rect.height() - kMarginTop - kMarginBottom));
}

QPointF HeatMapWidget::ToPixel(const QRectF& plot, const QPointF& d) const {
  return {plot.left() + (d.x() - x_min_) / (x_max_ - x_min_) * plot.width(),
          plot.bottom() - (d.y() - y_min_) / (y_max_ - y_min_) * plot.height()};
}

void HeatMapWidget::DrawContours(QPainter& painter, const QRectF& plot) const {
  if (class_field_ || nx_ < 2 || ny_ < 2) return;
  constexpr int kLevels = 12;
  painter.setPen(QPen(QColor(255, 255, 255, 110), 1.0));
  auto at = [&](int c, int r) { return Transformed(values_[static_cast<size_t>(r) * nx_ + c]); };
  auto pos = [&](double c, double r) {
    return ToPixel(plot, QPointF(x_min_ + c * (x_max_ - x_min_) / (nx_ - 1),
                                 y_min_ + r * (y_max_ - y_min_) / (ny_ - 1)));
  };
  for (int k = 1; k < kLevels; ++k) {
    const double level = v_min_ + (v_max_ - v_min_) * k / kLevels;
    for (int r = 0; r + 1 < ny_; ++r) {
      for (int c = 0; c + 1 < nx_; ++c) {
        // Marching squares: corners counter-clockwise from (c, r); crossings on each edge.
        const double v[4] = {at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1)};
        if (!std::isfinite(v[0]) || !std::isfinite(v[1]) || !std::isfinite(v[2]) ||
            !std::isfinite(v[3])) {
          continue;
        }
        const double cx[4] = {0, 1, 1, 0}, cy[4] = {0, 0, 1, 1};
        QPointF cross[4];
        int n = 0;
        for (int e = 0; e < 4; ++e) {
          const int f = (e + 1) % 4;
          if ((v[e] < level) != (v[f] < level)) {
            const double t = (level - v[e]) / (v[f] - v[e]);
            cross[n++] = pos(c + cx[e] + t * (cx[f] - cx[e]), r + cy[e] + t * (cy[f] - cy[e]));
          }
        }
        if (n >= 2) painter.drawLine(cross[0], cross[1]);
        if (n == 4) painter.drawLine(cross[2], cross[3]);
      }
    }
  }
}

void HeatMapWidget::Render(QPainter& painter, const QRect& rect) const {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const QPalette pal = palette();
  painter.fillRect(rect, pal.color(QPalette::Base));
  const QRectF plot = PlotRect(rect);
  QFont bold = painter.font();
  bold.setBold(true);
  painter.setFont(bold);
  painter.setPen(pal.color(QPalette::Text));
  painter.drawText(QRectF(rect.left(), rect.top() + 2, rect.width(), kMarginTop - 4),
                   Qt::AlignCenter, title_);
  painter.setFont(font());
  if (nx_ == 0) {
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    painter.restore();
    return;
  }
  painter.setRenderHint(QPainter::SmoothPixmapTransform, !class_field_);
  painter.drawImage(plot, image_);
  DrawContours(painter, plot);
  painter.setClipRect(plot);
  for (int i = 0; i < points_.size(); ++i) {
    painter.setPen(QPen(QColor(0, 0, 0, 150), 0.6));
    painter.setBrush(ClassColor(i < point_labels_.size() ? point_labels_[i] : 0));
    painter.drawEllipse(ToPixel(plot, points_[i]), 2.6, 2.6);
  }
  for (const QPointF& m : markers_) {
    const QPointF p = ToPixel(plot, m);
    painter.setPen(QPen(Qt::white, 2.0));
    painter.drawLine(p + QPointF(-5, -5), p + QPointF(5, 5));
    painter.drawLine(p + QPointF(-5, 5), p + QPointF(5, -5));
  }
  for (const Path& path : paths_) {
    const int shown =
        visible_steps_ < 0 ? path.points.size() : std::min<int>(visible_steps_, path.points.size());
    if (shown == 0) continue;
    QPainterPath line(ToPixel(plot, path.points[0]));
    for (int i = 1; i < shown; ++i) line.lineTo(ToPixel(plot, path.points[i]));
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 120), 4.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(line);
    painter.setPen(QPen(path.color, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(line);
    painter.drawEllipse(ToPixel(plot, path.points[0]), 4.5, 4.5);
    painter.setBrush(path.color);
    painter.setPen(QPen(Qt::black, 1.0));
    painter.drawEllipse(ToPixel(plot, path.points[shown - 1]), 4.0, 4.0);
  }
  painter.setClipping(false);
  // Axes: the frame, min/max labels and titles.
  painter.setBrush(Qt::NoBrush);
  painter.setPen(pal.color(QPalette::Mid));
  painter.drawRect(plot);
  painter.setPen(pal.color(QPalette::Text));
  const auto num = [](double v) { return QString::number(v, 'g', 3); };
  painter.drawText(QRectF(plot.left() - 20, plot.bottom() + 2, 60, 14), Qt::AlignLeft, num(x_min_));
  painter.drawText(QRectF(plot.right() - 60, plot.bottom() + 2, 60, 14), Qt::AlignRight,
                   num(x_max_));
  painter.drawText(QRectF(plot.left(), plot.bottom() + 16, plot.width(), 16), Qt::AlignCenter,
                   x_title_);
  painter.drawText(QRectF(rect.left(), plot.bottom() - 14, kMarginLeft - 4, 14), Qt::AlignRight,
                   num(y_min_));
  painter.drawText(QRectF(rect.left(), plot.top(), kMarginLeft - 4, 14), Qt::AlignRight,
                   num(y_max_));
  painter.save();
  painter.translate(rect.left() + 12, plot.center().y());
  painter.rotate(-90);
  painter.drawText(QRectF(-plot.height() / 2, -10, plot.height(), 16), Qt::AlignCenter, y_title_);
  painter.restore();
  // Legend of the paths, in the corner where it hides the least of them.
  int row = 0;
  const QRectF legend = LegendRect(plot);
  if (!legend.isEmpty()) painter.fillRect(legend, QColor(0, 0, 0, 140));
  for (const Path& path : paths_) {
    const QRectF box(legend.left() + 4, legend.top() + 4 + 15 * row, 12, 10);
    painter.fillRect(box, path.color);
    painter.setPen(Qt::white);
    painter.drawText(QPointF(box.right() + 4, box.bottom()), path.name);
    ++row;
  }
  painter.restore();
}

void HeatMapWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  Render(painter, rect());
}

void HeatMapWidget::mouseMoveEvent(QMouseEvent* event) {
  const QRectF plot = PlotRect(rect());
  if (nx_ == 0 || !plot.contains(event->position())) {
    QToolTip::hideText();
    return;
  }
  const double x =
      x_min_ + (event->position().x() - plot.left()) / plot.width() * (x_max_ - x_min_);
  const double y =
      y_min_ + (plot.bottom() - event->position().y()) / plot.height() * (y_max_ - y_min_);
  QString text = QStringLiteral("(%1, %2)").arg(x, 0, 'g', 4).arg(y, 0, 'g', 4);
  if (!class_field_ && !values_.empty()) {
    const int c = std::clamp(
        static_cast<int>(std::lround((x - x_min_) / (x_max_ - x_min_) * (nx_ - 1))), 0, nx_ - 1);
    const int r = std::clamp(
        static_cast<int>(std::lround((y - y_min_) / (y_max_ - y_min_) * (ny_ - 1))), 0, ny_ - 1);
    text += tr("\nvalue %1").arg(values_[static_cast<size_t>(r) * nx_ + c], 0, 'g', 5);
  }
  QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void HeatMapWidget::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Export as PNG..."), this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export"), "panel.png", tr("PNG images (*.png)"));
    if (!path.isEmpty()) SaveWidgetPng(this, path);
  });
  menu.addAction(tr("Export as SVG..."), this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export"), "panel.svg", tr("SVG drawings (*.svg)"));
    if (!path.isEmpty()) SaveWidgetSvg(this, path, title_);
  });
  menu.exec(event->globalPos());
}

}  // namespace optiscope::ui
