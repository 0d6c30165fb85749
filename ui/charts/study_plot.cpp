#include "ui/charts/study_plot.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QLinearGradient>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>
#include <QToolTip>
#include <algorithm>
#include <array>
#include <cmath>

#include "ui/charts/chart_export.h"
#include "ui/models/trials_model.h"
#include "ui/charts/nice_step.h"

namespace optiscope::ui {
namespace {

double ToAxis(const PlotAxis& a, double v) { return a.log ? std::log10(std::max(v, 1e-300)) : v; }

// Pixel position of `v` on `a` mapped onto [p0, p1].
double Map(const PlotAxis& a, double v, double p0, double p1) {
  const double lo = ToAxis(a, a.min);
  const double hi = ToAxis(a, a.max);
  const double span = hi - lo == 0.0 ? 1.0 : hi - lo;
  return p0 + (ToAxis(a, v) - lo) / span * (p1 - p0);
}

// (value, label) ticks of an axis.
std::vector<std::pair<double, QString>> Ticks(const PlotAxis& a, int max_ticks) {
  std::vector<std::pair<double, QString>> ticks;
  if (!a.categories.isEmpty()) {
    const int n = static_cast<int>(a.categories.size());
    const int every = std::max(1, (n + max_ticks - 1) / std::max(1, max_ticks));
    for (int i = 0; i < a.categories.size(); i += every) ticks.emplace_back(i, a.categories[i]);
    return ticks;
  }
  if (a.log) {
    const int lo = static_cast<int>(std::ceil(std::log10(a.min) - 1e-9));
    const int hi = static_cast<int>(std::floor(std::log10(a.max) + 1e-9));
    const int every = std::max(1, (hi - lo + 1) / max_ticks + 1);
    for (int e = lo; e <= hi; e += every) {
      ticks.emplace_back(std::pow(10.0, e), QString::number(std::pow(10.0, e), 'g', 3));
    }
    if (ticks.size() < 2) {
      ticks.clear();
      ticks.emplace_back(a.min, QString::number(a.min, 'g', 3));
      ticks.emplace_back(a.max, QString::number(a.max, 'g', 3));
    }
    return ticks;
  }
  const double step = NiceStep((a.max - a.min) / std::max(1, max_ticks));
  for (double v = std::ceil(a.min / step - 1e-9) * step; v <= a.max + 1e-9 * step; v += step) {
    ticks.emplace_back(v, QString::number(std::abs(v) < 1e-12 * step ? 0.0 : v, 'g', 4));
  }
  return ticks;
}
}  // namespace

QColor ValueColor(double t) {
  static constexpr std::array<std::array<int, 3>, 5> kStops = {
      {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  if (!std::isfinite(t)) return QColor(128, 128, 128);
  t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const int i = std::min(static_cast<int>(t), static_cast<int>(kStops.size()) - 2);
  const double f = t - i;
  auto mix = [&](int c) {
    return static_cast<int>(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c]));
  };
  return QColor(mix(0), mix(1), mix(2));
}

void FitAxis(PlotAxis* axis, double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (axis->log && lo > 0.0) {
    const double l = std::log10(lo);
    const double h = std::log10(hi);
    const double pad = h > l ? 0.04 * (h - l) : 0.5;
    axis->min = std::pow(10.0, l - pad);
    axis->max = std::pow(10.0, h + pad);
    return;
  }
  axis->log = false;
  const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(0.5, std::abs(lo) * 0.1);
  axis->min = lo - pad;
  axis->max = hi + pad;
}

StudyPlot::StudyPlot(const TrialsModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  setMouseTracking(true);
  setMinimumSize(280, 200);
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
}

const PlotScene& StudyPlot::Scene() {
  if (built_generation_ != model_->generation()) {
    scene_ = BuildScene();
    built_generation_ = model_->generation();
  }
  return scene_;
}

void StudyPlot::Invalidate() {
  built_generation_ = ~quint64{0};
  update();
}

void StudyPlot::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  Render(&painter, rect());
}

void StudyPlot::Render(QPainter* p, const QRect& rect) {
  const PlotScene& s = Scene();
  const QPalette pal = palette();
  const QColor text = pal.color(QPalette::Text);
  QColor grid = text;
  grid.setAlpha(40);
  p->save();
  p->setRenderHint(QPainter::Antialiasing);
  p->fillRect(rect, pal.color(QPalette::Base));
  QFont title_font = font();
  title_font.setBold(true);
  p->setFont(title_font);
  p->setPen(text);
  const QFontMetrics fm(font());
  const int line = fm.height();
  // A narrow chart (the Search details pane at 1024x700) elides its title and wraps its message
  // instead of cutting both at the edges.
  const QString title =
      QFontMetrics(title_font).elidedText(s.title, Qt::ElideRight, std::max(0, rect.width() - 8));
  p->drawText(QRect(rect.left(), rect.top() + 2, rect.width(), line + 2), Qt::AlignCenter, title);
  p->setFont(font());
  hits_.clear();
  if (!s.message.isEmpty()) {
    p->drawText(rect.adjusted(8, line + 4, -8, 0), Qt::AlignCenter | Qt::TextWordWrap, s.message);
    p->restore();
    return;
  }
  int y_label_width = 0;
  for (const auto& [v, label] : Ticks(s.y, 6)) {
    y_label_width = std::max(y_label_width, fm.horizontalAdvance(label));
  }
  const bool has_legend = std::any_of(s.marks.begin(), s.marks.end(),
                                      [](const PlotMarks& m) { return !m.name.isEmpty(); });
  const int top = rect.top() + line + 8 + (s.x.high_labels.isEmpty() ? 0 : line + 2);
  const int left = rect.left() + y_label_width + line + 14;
  const int right = rect.right() - (s.color_bar ? 70 : 12);
  const int bottom = rect.bottom() - 2 * line - 10 - (s.x.low_labels.isEmpty() ? 0 : line + 2) -
                     (has_legend ? line + 4 : 0);
  if (right - left < 40 || bottom - top < 40) {
    p->restore();
    return;
  }
  const QRectF area(QPointF(left, top), QPointF(right, bottom));
  auto px = [&](double v) { return Map(s.x, v, area.left(), area.right()); };
  auto py = [&](double v) { return Map(s.y, v, area.bottom(), area.top()); };

  // Grid, ticks and axis titles.
  p->setPen(QPen(grid, 1));
  int x_ticks = std::max(2, static_cast<int>(area.width() / 80));
  int label_width = 120;
  if (!s.x.categories.isEmpty()) {
    // Every category that has room for ~5 characters keeps a label, elided in the middle to the
    // space between its neighbours ("learning…rate"), so long names never lose theirs.
    const double unit = std::abs(px(1.0) - px(0.0));
    const int every = std::max(1, static_cast<int>(std::ceil(fm.averageCharWidth() * 5 / unit)));
    x_ticks = std::max(1, static_cast<int>(s.x.categories.size() + every - 1) / every);
    label_width = std::clamp(static_cast<int>(unit * every) - 6, 24, 160);
  }
  for (const auto& [v, label] : Ticks(s.x, x_ticks)) {
    const double x = px(v);
    p->setPen(QPen(grid, 1));
    p->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    p->setPen(text);
    const QString shown = fm.elidedText(label, Qt::ElideMiddle, label_width);
    p->drawText(QRectF(x - label_width / 2.0, area.bottom() + 3, label_width, line),
                Qt::AlignHCenter | Qt::AlignTop, shown);
  }
  for (int i = 0; i < s.x.low_labels.size(); ++i) {
    p->drawText(QRectF(px(i) - 60, area.bottom() + line + 4, 120, line), Qt::AlignCenter,
                s.x.low_labels[i]);
  }
  for (int i = 0; i < s.x.high_labels.size(); ++i) {
    p->drawText(QRectF(px(i) - 60, area.top() - line - 3, 120, line), Qt::AlignCenter,
                s.x.high_labels[i]);
  }
  for (const auto& [v, label] : Ticks(s.y, std::max(2, static_cast<int>(area.height() / 50)))) {
    const double y = py(v);
    p->setPen(QPen(grid, 1));
    p->drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    p->setPen(text);
    p->drawText(QRectF(rect.left() + line + 2, y - line / 2.0, y_label_width + 6, line),
                Qt::AlignRight | Qt::AlignVCenter, label);
  }
  p->setPen(text);
  const int x_title_y =
      static_cast<int>(area.bottom()) + line + 6 + (s.x.low_labels.isEmpty() ? 0 : line + 2);
  p->drawText(QRectF(area.left(), x_title_y, area.width(), line), Qt::AlignCenter, s.x.title);
  p->save();
  p->translate(rect.left() + 2, area.center().y());
  p->rotate(-90);
  p->drawText(QRectF(-area.height() / 2, 0, area.height(), line), Qt::AlignCenter, s.y.title);
  p->restore();
  p->setPen(QPen(text, 1));
  p->drawRect(area);

  // Surface (under the marks, without antialiasing so cells meet without seams).
  if (!s.surface.empty()) {
    p->save();
    p->setClipRect(area);
    p->setRenderHint(QPainter::Antialiasing, false);
    const size_t nx = s.surface.x_edges.size() - 1;
    const size_t ny = s.surface.y_edges.size() - 1;
    for (size_t j = 0; j < ny && s.surface.colors.size() >= nx * ny; ++j) {
      const double y0 = py(s.surface.y_edges[j]);
      const double y1 = py(s.surface.y_edges[j + 1]);
      for (size_t i = 0; i < nx; ++i) {
        const double x0 = px(s.surface.x_edges[i]);
        const double x1 = px(s.surface.x_edges[i + 1]);
        p->fillRect(QRectF(QPointF(std::min(x0, x1), std::min(y0, y1)),
                           QPointF(std::max(x0, x1) + 1, std::max(y0, y1) + 1)),
                    s.surface.colors[j * nx + i]);
      }
    }
    p->restore();
  }

  // Marks. Hundreds of polylines (parallel coordinates, intermediate values at 10,000 trials)
  // are drawn aliased: antialiased strokes cost ~10x and the overlap hides the difference.
  p->setClipRect(area.adjusted(-4, -4, 4, 4));
  const auto line_layers = std::count_if(s.marks.begin(), s.marks.end(), [](const PlotMarks& m) {
    return m.kind == PlotMarks::Kind::kLine;
  });
  p->setRenderHint(QPainter::Antialiasing, line_layers <= kMaxAntialiasedLines);
  for (const PlotMarks& m : s.marks) {
    const bool pickable = m.trials.size() == m.points.size();
    if (m.kind == PlotMarks::Kind::kLine) {
      // A non-finite point breaks the line; a lone point between breaks is a dot.
      p->setPen(QPen(m.color, m.size, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
      QPolygonF poly;
      auto flush = [&] {
        if (poly.size() == 1) {
          p->setPen(QPen(m.color, 2 * m.size + 3, Qt::SolidLine, Qt::RoundCap));
          p->drawPoint(poly.front());
          p->setPen(QPen(m.color, m.size, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        } else if (poly.size() > 1) {
          p->drawPolyline(poly);
        }
        poly.clear();
      };
      for (const QPointF& d : m.points) {
        if (std::isfinite(d.x()) && std::isfinite(d.y())) {
          poly << QPointF(px(d.x()), py(d.y()));
        } else {
          flush();
        }
      }
      flush();
      if (pickable) {
        for (size_t i = 0; i < m.points.size(); ++i) {
          if (!std::isfinite(m.points[i].x()) || !std::isfinite(m.points[i].y())) continue;
          hits_.push_back({QPointF(px(m.points[i].x()), py(m.points[i].y())), m.trials[i],
                           m.points[i].x(), m.points[i].y()});
        }
      }
      continue;
    }
    for (size_t i = 0; i < m.points.size(); ++i) {
      const QPointF& d = m.points[i];
      if (!std::isfinite(d.x()) || !std::isfinite(d.y())) continue;
      const QColor c = m.colors.size() == m.points.size() ? m.colors[i] : m.color;
      if (m.kind == PlotMarks::Kind::kHorizontalBars) {
        const double y0 = py(d.y() - 0.35);
        const double y1 = py(d.y() + 0.35);
        const QRectF bar(QPointF(px(std::max(0.0, s.x.min)), std::min(y0, y1)),
                         QPointF(px(d.x()), std::max(y0, y1)));
        p->fillRect(bar, c);
        continue;
      }
      const QPointF at(px(d.x()), py(d.y()));
      p->setPen(QPen(c, 2 * m.size, Qt::SolidLine, Qt::RoundCap));
      p->drawPoint(at);
      if (pickable) hits_.push_back({at, m.trials[i], d.x(), d.y()});
    }
  }
  p->setClipping(false);
  p->setRenderHint(QPainter::Antialiasing);

  // Legend and colour bar.
  if (has_legend) {
    double x = area.left();
    const double y = rect.bottom() - line - 2;
    for (const PlotMarks& m : s.marks) {
      if (m.name.isEmpty()) continue;
      p->fillRect(QRectF(x, y + line / 2.0 - 3, 14, 6), m.color);
      p->setPen(text);
      p->drawText(QPointF(x + 18, y + fm.ascent()), m.name);
      x += 30 + fm.horizontalAdvance(m.name);
    }
  }
  if (s.color_bar) {
    const QRectF bar(area.right() + 14, area.top() + line, 14, area.height() - line);
    QLinearGradient g(bar.bottomLeft(), bar.topLeft());
    for (int i = 0; i <= 8; ++i) g.setColorAt(i / 8.0, ValueColor(i / 8.0));
    p->fillRect(bar, g);
    p->setPen(text);
    p->drawText(QRectF(bar.left() - 10, area.top() - 2, 70, line), Qt::AlignLeft, s.color_title);
    p->drawText(QPointF(bar.right() + 3, bar.top() + fm.ascent()),
                QString::number(s.color_max, 'g', 3));
    p->drawText(QPointF(bar.right() + 3, bar.bottom()), QString::number(s.color_min, 'g', 3));
  }
  p->restore();
}

int StudyPlot::NearestHit(const QPointF& pos) const {
  int best = -1;
  double best_d = 8.0 * 8.0;
  for (size_t i = 0; i < hits_.size(); ++i) {
    const QPointF d = hits_[i].pos - pos;
    const double d2 = d.x() * d.x() + d.y() * d.y();
    if (d2 <= best_d) {
      best_d = d2;
      best = static_cast<int>(i);
    }
  }
  return best;
}

void StudyPlot::mouseMoveEvent(QMouseEvent* event) {
  const int i = NearestHit(event->position());
  if (i < 0) {
    QToolTip::hideText();
    return;
  }
  const Hit& h = hits_[i];
  QString text = tr("trial %1\n%2: %3\n%4: %5")
                     .arg(h.trial)
                     .arg(scene_.x.title)
                     .arg(h.x, 0, 'g', 5)
                     .arg(scene_.y.title)
                     .arg(h.y, 0, 'g', 5);
  if (const TrialRecord* t = model_->Find(h.trial)) {
    text += tr("\nstate: %1").arg(TrialStateText(t->state));
  }
  QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void StudyPlot::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const int i = NearestHit(event->position());
  if (i >= 0) emit trialClicked(hits_[i].trial);
}

bool StudyPlot::SaveImage(const QString& path) {
  if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size());
    svg.setViewBox(rect());
    svg.setTitle(Scene().title);
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    Render(&painter, rect());
    return painter.end();
  }
  return SaveWidgetPng(this, path);
}

QString StudyPlot::ToCsv() {
  QString csv = QStringLiteral("layer,trial,x,y\n");
  const PlotScene& s = Scene();
  for (size_t l = 0; l < s.marks.size(); ++l) {
    const PlotMarks& m = s.marks[l];
    const QString layer = m.name.isEmpty() ? QString::number(l) : m.name;
    for (size_t i = 0; i < m.points.size(); ++i) {
      csv += QStringLiteral("%1,%2,%3,%4\n")
                 .arg(layer)
                 .arg(i < m.trials.size() ? QString::number(m.trials[i]) : QString())
                 .arg(m.points[i].x(), 0, 'g', 10)
                 .arg(m.points[i].y(), 0, 'g', 10);
    }
  }
  return csv;
}

void StudyPlot::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Export chart as PNG..."), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), "chart.png",
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty()) SaveImage(path);
  });
  menu.addAction(tr("Export chart as SVG..."), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), "chart.svg",
                                                      tr("SVG images (*.svg)"));
    if (!path.isEmpty()) SaveImage(path);
  });
  menu.addAction(tr("Copy data as CSV"), this,
                 [this] { QApplication::clipboard()->setText(ToCsv()); });
  menu.exec(event->globalPos());
}

}  // namespace optiscope::ui
