// Axis tick spacing shared by the charts: the "nice numbers" rule of Heckbert, "Nice numbers for
// graph labels", Graphics Gems (1990): steps of 1, 2 or 5 times a power of ten.
#pragma once

#include <cmath>

namespace optiscope::ui {

// The smallest 1, 2 or 5 times a power of ten that is >= raw (raw > 0 and finite).
inline double NiceStep(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10.0 * magnitude;
}

}  // namespace optiscope::ui
