// Plain-text tables for terminal output: columns padded to a common width.
#pragma once

#include <string>
#include <vector>

namespace optiscope::cli {

// Renders `rows` (the first is usually a header) as lines of columns two spaces apart. Column i is
// right-aligned when right_aligned[i] is true (missing entries: left). No trailing spaces; each
// line ends with '\n'. Widths count UTF-8 characters.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows,
                        const std::vector<bool>& right_aligned = {});

// Fixed-notation number with `digits` decimals ("0.9722"), or "-" when not finite.
std::string FormatFixed(double value, int digits);

}  // namespace optiscope::cli
