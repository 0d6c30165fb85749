// Memory helpers for large buffers (parsed columns, design matrices).
#pragma once

#include <cstddef>

namespace optiscope {

// Hints the OS to back [data, data + bytes) with transparent huge pages before it is first
// written: far fewer page faults when filling hundreds of megabytes. Only the 2 MiB-aligned
// interior is advised; a no-op for small buffers or where unsupported. Never fails.
void AdviseHugePages(void* data, size_t bytes);

}  // namespace optiscope
