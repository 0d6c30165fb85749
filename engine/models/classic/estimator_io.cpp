#include "engine/models/classic/estimator_io.h"

#include <nlohmann/json.hpp>

#include "engine/core/json_depth.h"

namespace optiscope {
namespace {

constexpr const char* kFormat = "optiscope-classic-model";
constexpr int kVersion = 1;

}  // namespace

std::string SaveEstimator(const Estimator& model) {
  const nlohmann::json doc = {{"format", kFormat},
                              {"version", kVersion},
                              {"model", model.Name()},
                              {"state", model.SaveState()}};
  return doc.dump();
}

Result<std::unique_ptr<Estimator>> LoadEstimator(const std::string& text) {
  if (Status depth = CheckJsonDepth(text); !depth.ok()) {
    return Status::ParseError("classic model: " + depth.message());
  }
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    if (doc.at("format").get<std::string>() != kFormat) {
      return Status::ParseError("not an optiscope classic model (format field)");
    }
    if (doc.at("version").get<int>() != kVersion) {
      return Status::ParseError("unsupported classic model version " +
                                std::to_string(doc.at("version").get<int>()));
    }
    Result<std::unique_ptr<Estimator>> model = MakeEstimator(doc.at("model").get<std::string>());
    if (!model.ok()) return model.status();
    OPTISCOPE_RETURN_IF_ERROR((*model)->LoadState(doc.at("state")));
    return model;
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(std::string("classic model: ") + e.what());
  }
}

}  // namespace optiscope
