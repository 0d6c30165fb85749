// Exit statuses of optiscope-cli (part of the command-line contract, see docs/cli.md).
#pragma once

namespace optiscope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;     // unreadable/malformed file, invalid configuration
inline constexpr int kExitUsage = 2;        // unknown command or option, bad option value
inline constexpr int kExitRunFailed = 3;    // the run started but failed (e.g. the loss diverged)
inline constexpr int kExitCancelled = 130;  // interrupted (SIGINT / SIGTERM), as shells report it

}  // namespace optiscope::cli
