// Reading and atomically writing whole files with errors a user can act on; shared by every
// loader and writer (configurations, study specs, model files, compressed models, exports).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace optiscope {

// The bytes of `path`. NotFound when it does not exist, IoError ("cannot open PATH: reason" /
// "cannot read PATH") otherwise. A file (or FIFO, or device) longer than the memory budget
// (engine/core/memory.h), or a FIFO or device longer than 1 GiB, is refused with InvalidArgument
// once that much has been read, so that /dev/zero cannot grow memory without bound. A FIFO is
// opened without blocking: with no writer it reads as empty, and one silent for 30 s is an
// IoError; reading never hangs.
Result<std::string> ReadWholeFile(const std::string& path);

// Writes `bytes` to `path` atomically: a temporary file in the same directory with an
// unpredictable name, created with O_EXCL (no symlink or other writer can be followed), written
// in full, fsync'ed, renamed over `path`, then the directory fsync'ed. A crash leaves the old file
// or the new one, never a mix. IoError ("cannot write PATH: reason") otherwise, with the
// temporary file removed.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace optiscope
