#include "engine/search/study_steering.h"

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "engine/search/study_spec.h"

namespace optiscope {

const char* StudyRunStateText(StudyRunState state) {
  switch (state) {
    case StudyRunState::kRunning:
      return "running";
    case StudyRunState::kPaused:
      return "paused";
    case StudyRunState::kStopped:
      return "stopped";
  }
  return "running";
}

Status SetStudyRunState(StudyStore& store, const std::string& study, StudyRunState state) {
  OPTISCOPE_RETURN_IF_ERROR(store.GetStudy(study).status());
  return store.SetControl(study, "state", StudyRunStateText(state));
}

Status SetStudySettings(StudyStore& store, const std::string& study,
                        const StudySettingsUpdate& update) {
  // Key order matters: a conditional parameter must follow its parent in a space.
  using Json = nlohmann::ordered_json;
  std::vector<std::pair<std::string, Json>> records;
  const std::pair<const char*, const std::string*> given[] = {
      {"space", &update.space_json},
      {"sampler", &update.sampler_json},
      {"pruner", &update.pruner_json}};
  for (const auto& [key, text] : given) {
    if (text->empty()) continue;
    Json j = Json::parse(*text, nullptr, false);
    if (!j.is_object()) {
      return Status::InvalidArgument(std::string("new ") + key + ": expected a JSON object");
    }
    if (std::string(key) != "space" && (!j.contains("type") || !j["type"].is_string())) {
      return Status::InvalidArgument(std::string("new ") + key +
                                     ": expected JSON like {\"type\": \"tpe\", ...}");
    }
    records.emplace_back(key, std::move(j));
  }
  if (records.empty()) return Status::InvalidArgument("no new space, sampler or pruner given");
  Result<StudyInfo> info = store.GetStudy(study);
  if (!info.ok()) return info.status();
  // Validate against the stored spec before any worker sees the records.
  Json spec = Json::parse(info->spec_json, nullptr, false);
  if (spec.is_object()) {
    for (const auto& [key, value] : records) spec[key] = value;
    Result<StudySpec> parsed = ParseStudySpec(spec.dump(), "new settings of " + study);
    if (!parsed.ok()) return parsed.status();
  }
  for (const auto& [key, value] : records) {
    OPTISCOPE_RETURN_IF_ERROR(store.SetControl(study, key, value.dump()));
  }
  return Status::Ok();
}

}  // namespace optiscope
