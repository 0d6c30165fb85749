// LatencyChart: batch latency of each compressed variant as horizontal bars.
#pragma once

#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/compression_events.h"

class QBarSet;
class QHorizontalBarSeries;
class QBarCategoryAxis;
class QValueAxis;

namespace optiscope::ui {

// One bar per sweep point (label on the axis), milliseconds per batch. GUI thread only.
class LatencyChart final : public QChartView {
  Q_OBJECT

 public:
  explicit LatencyChart(QWidget* parent = nullptr);
  void SetPoints(const std::vector<SweepPoint>& points);
  QBarSet* bars() const { return set_; }

 private:
  QBarSet* set_ = nullptr;
  QHorizontalBarSeries* series_ = nullptr;
  QBarCategoryAxis* labels_ = nullptr;
  QValueAxis* ms_ = nullptr;
};

}  // namespace optiscope::ui
