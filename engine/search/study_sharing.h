// What a Study needs to share its study with other processes through a StudyStore: comparing a
// stored spec with a new one (resume checks), and finding the workers of this host whose process
// is gone. The Study members that sync, beat and obey steering live in study_sharing.cpp.
#pragma once

#include <string>
#include <vector>

#include "engine/search/storage.h"

namespace optiscope {

// "" when the two spec texts describe the same study for resuming: the same "space", "objective"
// and directions. Otherwise what differs, e.g. "search space" or "search space and objective".
// A text that is not a JSON object differs in everything ("spec").
std::string SpecDifference(const std::string& stored, const std::string& given);

// The ids of `workers` (not ended) that run on this host (ParseWorkerId) under a pid that no
// longer exists. Workers of other hosts, and ids of another format, are never listed.
std::vector<std::string> DeadWorkersOnThisHost(const std::vector<WorkerRecord>& workers);

}  // namespace optiscope
