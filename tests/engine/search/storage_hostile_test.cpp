// Study databases received from someone else (tests/fuzz/findings/study_db/, made by
// make_findings.py there from a 4-trial branin study): each corrupt field is an error naming the
// database, the trial or study and the field, never a std::terminate or a silently wrong study.
// The parameter parsers of the stores (sqlite_statement.h) are checked on their own too.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/search/sqlite_statement.h"
#include "engine/search/storage.h"
#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace storage_hostile_test {

namespace fs = std::filesystem;

// Opens a copy of finding `name` (the store may write to the file it opens) and reads it as
// `study show` does; returns the first error, or "" when everything read.
std::string ReadFinding(const std::string& name, const study_testing::TempDir& dir) {
  const fs::path source =
      fs::path(OPTISCOPE_SOURCE_DIR) / "tests/fuzz/findings/study_db" / (name + ".db");
  const std::string copy = dir.File(name + ".db");
  fs::copy_file(source, copy, fs::copy_options::overwrite_existing);
  auto store = OpenSqliteStudyStore(copy);
  if (!store.ok()) return store.status().message();
  auto studies = (*store)->ListStudies();
  if (!studies.ok()) return studies.status().message();
  for (const StudyInfo& listed : *studies) {
    auto info = (*store)->GetStudy(listed.name);
    if (!info.ok()) return info.status().message();
    auto trials = (*store)->Trials(listed.name);
    if (!trials.ok()) return trials.status().message();
  }
  return "";
}

TEST(StudyDbFindings, CorruptParamsAreErrorsNamingTheTrialAndField) {
  study_testing::TempDir dir;
  const std::string name_number = ReadFinding("param_name_number", dir);
  EXPECT_NE(name_number.find("param_name_number.db: corrupt study database: trial 0: params: "
                             "element 0: \"name\" is missing or not a string"),
            std::string::npos)
      << name_number;
  const std::string not_object = ReadFinding("params_not_object", dir);
  EXPECT_NE(not_object.find("trial 0: params: element 0: not an object"), std::string::npos)
      << not_object;
  const std::string value_string = ReadFinding("param_value_string", dir);
  EXPECT_NE(value_string.find("trial 0: params: element 0: \"value\" is missing or not a number"),
            std::string::npos)
      << value_string;
}

TEST(StudyDbFindings, HugeTrialNumberIsAnErrorNotMinusOne) {
  study_testing::TempDir dir;
  const std::string message = ReadFinding("number_huge", dir);
  EXPECT_NE(message.find("trial number 9223372036854775807 is out of range"), std::string::npos)
      << message;
}

TEST(StudyDbFindings, UnparsableDirectionsAreAnErrorNotAStudyWithoutObjectives) {
  study_testing::TempDir dir;
  const std::string message = ReadFinding("directions_text", dir);
  EXPECT_NE(message.find("directions: not a non-empty JSON array"), std::string::npos) << message;
}

TEST(StoredColumns, ParsersAcceptWhatTheStoresWriteAndRejectTheRest) {
  using namespace sqlite_store;
  const std::vector<TrialParam> params = {{"lr", 0.01, ""}, {"opt", 1, "adam"}};
  std::vector<TrialParam> back;
  ASSERT_TRUE(ParseParams(ParamsJson(params), &back).ok());
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].name, "opt");
  EXPECT_EQ(back[1].label, "adam");
  EXPECT_DOUBLE_EQ(back[0].value, 0.01);
  EXPECT_FALSE(ParseParams("{}", &back).ok());
  EXPECT_FALSE(ParseParams("[{\"name\":\"a\",\"value\":1,\"label\":3}]", &back).ok());
  EXPECT_FALSE(ParseParams("[{\"name\":\"a\"}]", &back).ok());

  std::vector<double> values;
  ASSERT_TRUE(ParseValues(ValuesJson({1.5, std::nan("")}), &values).ok());
  ASSERT_EQ(values.size(), 2u);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_FALSE(ParseValues("[\"x\"]", &values).ok());

  std::vector<Direction> directions;
  ASSERT_TRUE(ParseDirections("[\"minimize\",\"maximize\"]", &directions).ok());
  EXPECT_EQ(directions, (std::vector<Direction>{Direction::kMinimize, Direction::kMaximize}));
  EXPECT_FALSE(ParseDirections("[]", &directions).ok());
  EXPECT_FALSE(ParseDirections("[\"up\"]", &directions).ok());

  int n = 0;
  EXPECT_TRUE(CheckedInt(2147483647, "n", &n).ok());
  EXPECT_EQ(n, 2147483647);
  EXPECT_FALSE(CheckedInt(2147483648LL, "n", &n).ok());
}

}  // namespace storage_hostile_test
}  // namespace optiscope
