// HeatMapWidget: a painted 2-D field (a loss landscape, a test function's surface, or a
// classifier's decision regions) with contour lines, optimizer paths and data points on top.
#pragma once

#include <functional>

#include <QColor>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>
#include <vector>

namespace optiscope::ui {

// Draws what it is given, nothing else (the engine computes every value). Scalar fields use a
// perceptual colour ramp (dark = low) with iso-lines at evenly spaced levels of the (optionally
// log-transformed) value; class fields colour each cell by class, lighter where the model is
// less confident. Paths are polylines in their colours with a ring at the start and a dot at the
// last shown point; SetVisibleSteps limits how much of each path is drawn (animation). Hover shows
// the coordinates and the value under the cursor; right-click exports it as PNG or SVG. GUI thread
// only.
class HeatMapWidget final : public QWidget {
  Q_OBJECT

 public:
  struct Path {
    QString name;
    QColor color;
    QList<QPointF> points;  // in data coordinates
  };

  explicit HeatMapWidget(QWidget* parent = nullptr);

  void SetTitle(const QString& title);
  void SetAxisTitles(const QString& x, const QString& y);
  // A scalar field sampled at grid points (row-major, row 0 at y_min). NaN cells are drawn grey.
  // log_scale: colours and contours follow log(1 + v − min) (values spanning decades).
  void SetScalarField(int nx, int ny, double x_min, double x_max, double y_min, double y_max,
                      const std::vector<float>& values, bool log_scale);
  // A class field over cells (row-major, row 0 at y_min): class id and its probability per cell.
  void SetClassField(int nx, int ny, double x_min, double x_max, double y_min, double y_max,
                     const std::vector<int>& labels, const std::vector<float>& confidence);
  void SetPaths(const QList<Path>& paths);
  // Appends points to the path named `name` (created with `color` if new).
  void AppendToPath(const QString& name, const QColor& color, const QList<QPointF>& points);
  // Shows at most `steps` points of each path (< 0: all).
  void SetVisibleSteps(int steps);
  // Data points drawn as small discs coloured by class (class ids index the class palette).
  void SetPoints(const QList<QPointF>& points, const QList<int>& labels);
  // Crosses at these positions (e.g. known minima).
  void SetMarkers(const QList<QPointF>& markers);
  // Clears everything; the empty plot reads "No data yet: run a race" again.
  void Clear();
  // What the empty plot reads (until the next Clear).
  void SetPlaceholder(const QString& text);
  const QString& placeholder() const { return placeholder_; }
  // Where the path legend goes inside the plot `plot`: the corner its box covers the fewest path
  // points in (path starts count most), top-left on ties. Empty without paths.
  QRectF LegendRect(const QRectF& plot) const;

  bool HasField() const { return nx_ > 0; }
  int PathCount() const { return paths_.size(); }
  const QList<Path>& paths() const { return paths_; }
  int LongestPath() const;
  // The colour of class `id` in class fields and points.
  static QColor ClassColor(int id);

  // Paints the whole widget content into `painter` within `rect` (for PNG/SVG export too).
  void Render(QPainter& painter, const QRect& rect) const;

  QSize sizeHint() const override { return {420, 360}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  QRectF PlotRect(const QRect& rect) const;
  QPointF ToPixel(const QRectF& plot, const QPointF& data) const;
  void DrawContours(QPainter& painter, const QRectF& plot) const;
  // Sets the grid geometry and paints image_ cell by cell: color(i) for cell i = r * nx + c
  // (row r from the bottom), then schedules a repaint.
  void FillGrid(int nx, int ny, double x_min, double x_max, double y_min, double y_max,
                const std::function<QColor(size_t)>& color);
  double Transformed(float v) const;

  QString title_, x_title_, y_title_;
  QString placeholder_;
  int nx_ = 0, ny_ = 0;
  double x_min_ = 0, x_max_ = 1, y_min_ = 0, y_max_ = 1;
  bool class_field_ = false;
  bool log_scale_ = false;
  std::vector<float> values_;
  double v_min_ = 0, v_max_ = 1;  // of the transformed finite values
  double raw_min_ = 0;            // smallest finite raw value
  QImage image_;
  QList<Path> paths_;
  int visible_steps_ = -1;
  QList<QPointF> points_;
  QList<int> point_labels_;
  QList<QPointF> markers_;
};

}  // namespace optiscope::ui
