#include "ui/charts/series_palette.h"

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

}  // namespace optiscope::ui
