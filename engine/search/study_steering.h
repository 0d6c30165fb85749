// Steering a stored study from outside its workers: the records `optiscope-cli study
// pause|resume|stop|set` and the desktop's attached Search view write, and every worker of the
// study reads between trials (StudyStore's steering records; docs/study.md).
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/search/storage.h"

namespace optiscope {

// What the "state" record asks of every worker: run, start no new trial, or end and exit.
enum class StudyRunState { kRunning, kPaused, kStopped };

// The "state" record's text for `state` ("running", "paused", "stopped").
const char* StudyRunStateText(StudyRunState state);

// Writes the "state" record of `study`. NotFound when the store holds no such study; store
// errors as they come. Durable on return (one SetControl). Thread-safe as the store is.
Status SetStudyRunState(StudyStore& store, const std::string& study, StudyRunState state);

// New search settings for the workers of a running study. Each field is JSON text; empty leaves
// that setting as it is. space: a space object (the spec's "space" syntax); sampler / pruner: an
// object with "type" ({"type": "tpe", ...}).
struct StudySettingsUpdate {
  std::string space_json;
  std::string sampler_json;
  std::string pruner_json;
};

// Checks `update` against the study's stored spec (the stored spec with the new settings must
// parse: ParseStudySpec) and only then writes its records, space first. InvalidArgument (with the
// parser's message) when a setting is malformed or nothing is given; NotFound for an unknown study.
Status SetStudySettings(StudyStore& store, const std::string& study,
                        const StudySettingsUpdate& update);

}  // namespace optiscope
