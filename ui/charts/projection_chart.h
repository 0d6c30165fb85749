// ProjectionChart: one 2-D Projection drawn as a scatter (one series per colour group: class,
// predicted class, or right/wrong), over the model's decision regions when the event has them.
#pragma once

#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/projection_events.h"

class QGraphicsPixmapItem;

namespace optiscope::ui {

// What the points' colours mean.
enum class ProjectionColorBy { kClass, kPrediction, kError };

// Draws what the engine computed and nothing else: the points (at most kMaxDrawnPoints, thinned
// by ThinPoints of engine/features/projection_thinning.h, per colour group), axes with a 5%
// margin around the points (and the regions), and the regions as a translucent image behind the
// points, re-placed whenever the plot area or the axes move. Large scatters use OpenGL series
// except on the offscreen/minimal platforms. Hovering a point emits pointHovered with its row,
// class and prediction. GUI thread only.
class ProjectionChart final : public QChartView {
  Q_OBJECT

 public:
  static constexpr int kMaxDrawnPoints = 20000;
  // Above this many drawn points the series use OpenGL (when the platform has it).
  static constexpr int kOpenGlPoints = 3000;

  explicit ProjectionChart(QWidget* parent = nullptr);

  // Shows `projection` coloured by `color_by`. When the projection lacks what color_by needs
  // (no predictions), colours by class and EffectiveColorBy() says so.
  // `class_names` name the class ids of the labels and predictions (legend and hover: "class
  // setosa"); empty or too short: the ids are shown.
  void Show(const Projection& projection, ProjectionColorBy color_by,
            const std::vector<std::string>& class_names = {});
  void Clear();

  ProjectionColorBy EffectiveColorBy() const { return effective_; }
  int DrawnPoints() const { return drawn_; }
  bool HasRegions() const { return regions_ != nullptr; }
  // The regions image's rectangle in chart scene coordinates (empty without regions).
  QRectF RegionsRect() const;

 signals:
  // Text describing the point under the mouse ("row 12: class 1, predicted 2").
  void pointHovered(const QString& text);

 private:
  void PlaceRegions();

  QGraphicsPixmapItem* regions_ = nullptr;
  float region_bounds_[4] = {0, 0, 0, 0};  // x_min, x_max, y_min, y_max
  ProjectionColorBy effective_ = ProjectionColorBy::kClass;
  int drawn_ = 0;
};

}  // namespace optiscope::ui
