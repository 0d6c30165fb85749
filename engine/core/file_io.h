// Reading and atomically writing whole files with errors a user can act on; shared by every
// loader and writer (configurations, study specs, model files).
#pragma once

#include <string>

#include "engine/core/status.h"

namespace optiscope {

// The bytes of `path`. NotFound when it does not exist, IoError ("cannot open PATH: reason" /
// "cannot read PATH") otherwise.
Result<std::string> ReadWholeFile(const std::string& path);

// Writes `bytes` to `path` through a temporary file in the same directory, flushed to disk
// (fsync) and renamed over `path`: a crash leaves the old file or the new one, never a mix.
// IoError ("cannot write PATH: reason") otherwise, with the temporary file removed.
Status WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace optiscope
