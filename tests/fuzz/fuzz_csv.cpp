// Fuzz target "csv": the CSV reader (engine/data/csv_reader.h) and the Dataset built from its table.
// The first byte picks the options (delimiter, header, decimal mark); the rest is the file. Each
// input is parsed by one thread and by three chunks in parallel: the contract says the results
// (table or error) are the same.
#include <cmath>
#include <cstdint>
#include <string>

#include "engine/data/csv_reader.h"
#include "engine/data/dataset.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using optiscope::Column;
using optiscope::Table;

bool SameNumbers(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) return false;
    if (!std::isnan(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

bool SameTable(const Table& a, const Table& b) {
  if (a.num_rows != b.num_rows || a.had_header != b.had_header || a.delimiter != b.delimiter ||
      a.columns.size() != b.columns.size()) {
    return false;
  }
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const Column& x = a.columns[c];
    const Column& y = b.columns[c];
    if (x.name != y.name || x.type != y.type || x.missing != y.missing || x.codes != y.codes ||
        x.categories != y.categories || !SameNumbers(x.numbers, y.numbers)) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t pick = data[0];
  const std::string text = optiscope::fuzz::AsString(data + 1, size - 1);
  optiscope::CsvOptions options;
  static constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  static constexpr char kDecimals[] = {0, '.', ',', 0};
  options.delimiter = kDelimiters[pick & 3];
  options.header = static_cast<int>((pick >> 2) % 3) - 1;  // -1, 0 or 1
  options.decimal = kDecimals[(pick >> 4) & 3];

  options.threads = 1;
  auto serial = optiscope::ParseCsv(text, "fuzz.csv", options);
  options.threads = 3;
  auto parallel = optiscope::ParseCsv(text, "fuzz.csv", options);
  if (serial.ok() != parallel.ok()) {
    optiscope::fuzz::Fail("1 thread and 3 chunks disagree on whether the CSV parses: " +
                          (serial.ok() ? parallel.status().message() : serial.status().message()));
  }
  if (!serial.ok()) {
    if (serial.status().message() != parallel.status().message()) {
      optiscope::fuzz::Fail("different errors: '" + serial.status().message() + "' vs '" +
                            parallel.status().message() + "'");
    }
    return 0;
  }
  if (!SameTable(serial.value(), parallel.value())) {
    optiscope::fuzz::Fail("1 thread and 3 chunks give different tables");
  }
  optiscope::DatasetOptions dataset_options;
  dataset_options.drop_missing_rows = (pick & 0x40) != 0;
  auto dataset = optiscope::MakeDataset(serial.value(), dataset_options);
  (void)dataset;  // errors are fine; crashes, hangs and leaks are what this target looks for
  return 0;
}
