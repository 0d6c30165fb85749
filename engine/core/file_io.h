// Reading a whole file with an error a user can act on; shared by every loader (configurations,
// study specs, model files).
#pragma once

#include <string>

#include "engine/core/status.h"

namespace optiscope {

// The bytes of `path`. NotFound when it does not exist, IoError ("cannot open PATH: reason" /
// "cannot read PATH") otherwise.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace optiscope
