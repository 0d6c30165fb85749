#include "engine/search/options_reader.h"

namespace optiscope {

OptionsReader::OptionsReader(const nlohmann::json& options, std::string what)
    : options_(&options), empty_(nlohmann::json::object()), what_(std::move(what)) {
  if (options.is_null()) options_ = &empty_;
}

Status OptionsReader::Read(const std::string& key, int* out, int min, int max) {
  known_.insert(key);
  if (!options_->is_object() || !options_->contains(key)) return Status::Ok();
  const nlohmann::json& v = (*options_)[key];
  if (!v.is_number_integer()) {
    return Status::InvalidArgument(what_ + ": option '" + key + "' must be an integer");
  }
  const int64_t x = v.get<int64_t>();
  if (x < min || x > max) {
    return Status::InvalidArgument(what_ + ": option '" + key + "' must be in [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  *out = static_cast<int>(x);
  return Status::Ok();
}

Status OptionsReader::Read(const std::string& key, uint64_t* out) {
  known_.insert(key);
  if (!options_->is_object() || !options_->contains(key)) return Status::Ok();
  const nlohmann::json& v = (*options_)[key];
  if (!v.is_number_integer() || v.get<int64_t>() < 0) {
    return Status::InvalidArgument(what_ + ": option '" + key +
                                   "' must be a non-negative integer");
  }
  *out = v.get<uint64_t>();
  return Status::Ok();
}

Status OptionsReader::Read(const std::string& key, double* out, double min, double max) {
  known_.insert(key);
  if (!options_->is_object() || !options_->contains(key)) return Status::Ok();
  const nlohmann::json& v = (*options_)[key];
  if (!v.is_number()) {
    return Status::InvalidArgument(what_ + ": option '" + key + "' must be a number");
  }
  const double x = v.get<double>();
  if (!(x >= min && x <= max)) {
    return Status::InvalidArgument(what_ + ": option '" + key + "' must be in [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  *out = x;
  return Status::Ok();
}

Status OptionsReader::Read(const std::string& key, bool* out) {
  known_.insert(key);
  if (!options_->is_object() || !options_->contains(key)) return Status::Ok();
  const nlohmann::json& v = (*options_)[key];
  if (!v.is_boolean()) {
    return Status::InvalidArgument(what_ + ": option '" + key + "' must be true or false");
  }
  *out = v.get<bool>();
  return Status::Ok();
}

Status OptionsReader::Read(const std::string& key, std::string* out) {
  known_.insert(key);
  if (!options_->is_object() || !options_->contains(key)) return Status::Ok();
  const nlohmann::json& v = (*options_)[key];
  if (!v.is_string()) {
    return Status::InvalidArgument(what_ + ": option '" + key + "' must be a string");
  }
  *out = v.get<std::string>();
  return Status::Ok();
}

Status OptionsReader::Finish() const {
  if (!options_->is_object()) {
    return Status::InvalidArgument(what_ + ": options must be a JSON object");
  }
  for (const auto& [key, value] : options_->items()) {
    if (!known_.count(key)) {
      std::string list;
      for (const std::string& k : known_) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument(what_ + ": unknown option '" + key + "' (known: " +
                                     (list.empty() ? "none" : list) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace optiscope
