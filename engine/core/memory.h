// Memory helpers for large buffers (parsed columns, design matrices) and the memory budget that
// every allocation a file or a configuration asks for is checked against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/core/status.h"

namespace optiscope {

// Hints the OS to back [data, data + bytes) with transparent huge pages before it is first
// written: far fewer page faults when filling hundreds of megabytes. Only the 2 MiB-aligned
// interior is advised; a no-op for small buffers or where unsupported. Never fails.
void AdviseHugePages(void* data, size_t bytes);

// The physical memory of this machine in bytes (sysconf), or 0 when the OS does not say.
uint64_t PhysicalMemoryBytes();

// The most bytes one file or configuration may ask for: the physical memory, or the value of the
// environment variable OPTISCOPE_MEMORY_BUDGET (bytes; for tests and shared servers) when set to
// a positive number. Never 0 (16 GiB when nothing is known).
uint64_t MemoryBudgetBytes();

// "34.4 GB", "512 MB", "12 KB" (decimal units, as the OS tools print them).
std::string FormatBytes(double bytes);

// Ok when `bytes` (a double so that products of hostile sizes cannot wrap) fits the memory
// budget. Otherwise InvalidArgument: "WHAT needs 34.4 GB; the machine has 23.5 GB".
Status CheckMemoryBudget(double bytes, const std::string& what);

}  // namespace optiscope
