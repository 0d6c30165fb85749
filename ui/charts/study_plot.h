// StudyPlot: the painter-drawn chart every study analysis view derives from (axes, marks, colour
// bar, hover, click-to-select, PNG/SVG export, CSV copy). Subclasses only describe a PlotScene.
#pragma once

#include <QColor>
#include <QPointF>
#include <QStringList>
#include <QWidget>
#include <vector>

namespace optiscope::ui {

class TrialsModel;

// One axis. Categorical when `categories` is non-empty (category i sits at i).
struct PlotAxis {
  QString title;
  double min = 0.0;
  double max = 1.0;
  bool log = false;  // REQUIRES min > 0 when set
  QStringList categories;
  QStringList low_labels;   // categorical x only: text under each category (parallel coords)
  QStringList high_labels;  // categorical x only: text above each category
};

// A layer of marks in data coordinates.
struct PlotMarks {
  enum class Kind { kPoints, kLine, kHorizontalBars };
  Kind kind = Kind::kPoints;
  std::vector<QPointF> points;  // bars: (length, category); line: a NaN point breaks it
  std::vector<QColor> colors;   // per point (points, bars); empty: `color`
  QColor color;
  double size = 3.5;        // point radius or line width in pixels
  std::vector<int> trials;  // trial number per point (hover/click); empty: not pickable
  QString name;             // legend entry; empty: none
};

// A filled colour map drawn under the marks: cell (i, j) spans x_edges[i]..x_edges[i+1] and
// y_edges[j]..y_edges[j+1] in data coordinates; colors holds (y_edges-1) rows of (x_edges-1).
struct PlotSurface {
  std::vector<double> x_edges;
  std::vector<double> y_edges;
  std::vector<QColor> colors;
  bool empty() const { return colors.empty(); }
};

// What a chart shows now. `message` replaces the plot when there is nothing to draw.
struct PlotScene {
  QString title;
  PlotAxis x;
  PlotAxis y;
  std::vector<PlotMarks> marks;
  PlotSurface surface;  // empty: none
  QString message;
  bool color_bar = false;  // draw ValueColor's gradient from color_min to color_max
  double color_min = 0.0;
  double color_max = 1.0;
  QString color_title;
};

// The colour of t in [0, 1] on a perceptually ordered dark-blue -> green -> yellow ramp.
QColor ValueColor(double t);
// Axis range covering [lo, hi] with a small margin (handles lo == hi and non-finite input).
void FitAxis(PlotAxis* axis, double lo, double hi);

// Reads the study from a TrialsModel at paint time (rebuilding the scene only when the model's
// generation, the size or the options changed), so hidden charts cost nothing. Hover a mark for
// its trial; click it to emit trialClicked; right-click to export PNG/SVG or copy CSV.
// GUI thread only.
class StudyPlot : public QWidget {
  Q_OBJECT

 public:
  // Above this many line layers, marks are drawn without antialiasing (speed at 10,000 trials).
  static constexpr int kMaxAntialiasedLines = 200;

  StudyPlot(const TrialsModel* model, QWidget* parent = nullptr);

  // The scene as of the model now (built on demand).
  const PlotScene& Scene();
  // Forces a rebuild at the next paint (options changed).
  void Invalidate();
  // Draws the chart into `painter` within `rect` (widget, PNG and SVG share this).
  void Render(QPainter* painter, const QRect& rect);
  // Writes the chart: SVG when `path` ends in .svg, else a PNG. False when it cannot be written.
  bool SaveImage(const QString& path);
  // The scene's marks as CSV: "layer,trial,x,y" and one line per point.
  QString ToCsv();

 signals:
  void trialClicked(int trial);

 protected:
  // Describes the chart for the model's current trials.
  virtual PlotScene BuildScene() const = 0;
  const TrialsModel* model() const { return model_; }

  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  struct Hit {
    QPointF pos;
    int trial;
    double x;
    double y;
  };
  int NearestHit(const QPointF& pos) const;

  const TrialsModel* model_;
  PlotScene scene_;
  quint64 built_generation_ = ~quint64{0};
  std::vector<Hit> hits_;
};

}  // namespace optiscope::ui
