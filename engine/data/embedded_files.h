// Files compiled into the binary (the built-in datasets from resources/datasets/).
#pragma once

#include <string_view>
#include <vector>

namespace optiscope::internal {

struct EmbeddedFile {
  std::string_view name;     // file name, e.g. "iris.csv"
  std::string_view content;  // the whole file
};

// All embedded files, in a stable order. Thread-safe.
const std::vector<EmbeddedFile>& EmbeddedFiles();

}  // namespace optiscope::internal
