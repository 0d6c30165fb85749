// Reads a sampler's or pruner's options from a JSON object with type checks and a clear error
// for unknown keys (used by MakeSampler / MakePruner).
#pragma once

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/status.h"

namespace optiscope {

class OptionsReader {
 public:
  // `what` names the object in messages, e.g. "sampler 'tpe'". A null `options` is empty.
  OptionsReader(const nlohmann::json& options, std::string what);

  // Each Read leaves *out unchanged when the key is absent; errors on a wrong type or a value
  // outside [min, max].
  Status Read(const std::string& key, int* out, int min = INT32_MIN, int max = INT32_MAX);
  Status Read(const std::string& key, double* out, double min = -1e300, double max = 1e300);
  Status Read(const std::string& key, bool* out);
  Status Read(const std::string& key, std::string* out);
  Status Read(const std::string& key, uint64_t* out);
  // Errors when `options` is not an object or holds a key no Read asked for.
  Status Finish() const;

 private:
  const nlohmann::json* options_;
  nlohmann::json empty_;
  std::string what_;
  std::set<std::string> known_;
};

}  // namespace optiscope
