#include "ui/charts/series_palette.h"

#include <QPalette>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QAbstractAxis>
#include <array>

namespace optiscope::ui {

QColor SeriesColor(int index) {
  // Tableau 10: distinguishable, and mid-luminance so they read on light and dark charts.
  static constexpr std::array<QRgb, 10> kColors = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759,
                                                   0x76b7b2, 0xedc948, 0xb07aa1, 0xff9da7,
                                                   0x9c755f, 0xbab0ac};
  const int n = static_cast<int>(kColors.size());
  return QColor::fromRgb(kColors[static_cast<size_t>(((index % n) + n) % n)]);
}

void ApplyChartPalette(QChart* chart, const QPalette& pal,
                       std::initializer_list<QAbstractAxis*> axes) {
  const bool dark = pal.color(QPalette::Window).lightness() < 128;
  chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  chart->setBackgroundBrush(pal.color(QPalette::Base));
  chart->setTitleBrush(pal.color(QPalette::WindowText));
  chart->legend()->setLabelColor(pal.color(QPalette::WindowText));
  for (QAbstractAxis* axis : axes) {
    axis->setLabelsColor(pal.color(QPalette::Text));
    axis->setTitleBrush(pal.color(QPalette::Text));
  }
}

}  // namespace optiscope::ui
