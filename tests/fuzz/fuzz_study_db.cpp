// Fuzz target "study_db": opening a study database someone else wrote (SQLite,
// engine/search/storage.h) and reading it as `study list`, `study show` and `study export` do:
// every study, its trials, the best trial, the Pareto front, the trials CSV and the stored spec.
// Each input is written to a private temporary file (SQLite reads files, not buffers) that is
// removed, with its -wal / -shm / -journal companions, before the next input.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/search/storage.h"
#include "engine/search/study_export.h"
#include "engine/search/study_spec.h"
#include "engine/search/study_trial.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::string& DatabasePath() {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("optiscope-fuzz-" + std::to_string(getpid()) + ".db"))
                                      .string();
  return path;
}

void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

void ReadEverything(optiscope::StudyStore& store) {
  auto studies = store.ListStudies();
  if (!studies.ok()) return;
  for (const optiscope::StudyInfo& listed : *studies) {
    auto info = store.GetStudy(listed.name);
    if (!info.ok()) continue;
    auto trials = store.Trials(listed.name);
    if (!trials.ok()) continue;
    (void)optiscope::BestRecord(*trials, info->directions);
    (void)optiscope::ParetoFront(*trials, info->directions);
    (void)optiscope::TrialsCsv(*trials, static_cast<int>(info->directions.size()));
    auto chosen = optiscope::ExportTrial(*trials, info->directions, -1);
    auto spec = optiscope::ParseStudySpec(info->spec_json, "stored spec",
                                          "/nonexistent-optiscope-fuzz");
    if (chosen.ok() && spec.ok() &&
        spec->objective_kind == optiscope::ObjectiveKind::kExperiment) {
      (void)optiscope::TrialConfig(*spec, **chosen);
    }
    for (const optiscope::TrialRecord& trial : *trials) {
      (void)optiscope::TrialParamsJson(trial.params);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = DatabasePath();
  RemoveDatabase(path);
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) optiscope::fuzz::Fail("cannot write " + path);
  }
  {
    auto store = optiscope::OpenSqliteStudyStore(path);
    if (store.ok()) ReadEverything(**store);
  }
  RemoveDatabase(path);
  return 0;
}
