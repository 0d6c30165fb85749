// Precompiled header of every non-Qt target (engine floors, CLI, engine and CLI tests, bench):
// the standard library, Eigen and nlohmann::json are parsed once per build instead of once per
// source file (cmake/precompiled_headers.cmake; OPTISCOPE_PCH=OFF builds without it).
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Dense>
#include <Eigen/SparseCore>
#include <nlohmann/json.hpp>
