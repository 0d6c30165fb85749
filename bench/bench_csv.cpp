// CSV load throughput: ReadCsvFile (and MakeDataset) on a large numeric file, median of 3 runs.
// Usage: bench_csv FILE.csv [threads]  -> JSON lines {"bench":"csv_load",...} and
// {"bench":"csv_make_dataset",...}. Make the file with ../shared/bench/peers/gen_csv.py.
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/data/csv_reader.h"
#include "engine/data/dataset.h"

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// User + system CPU seconds of this process so far (all threads).
double CpuSeconds() {
  struct rusage usage;
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.csv [threads]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  optiscope::CsvOptions options;
  if (argc > 2) options.threads = std::atoi(argv[2]);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "%s: cannot stat\n", path.c_str());
    return 1;
  }
  const double mb = static_cast<double>(st.st_size) / 1e6;
  std::vector<double> load, make, cpu;
  size_t rows = 0, cols = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const double c0 = CpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    optiscope::Result<optiscope::Table> table = optiscope::ReadCsvFile(path, options);
    const auto t1 = std::chrono::steady_clock::now();
    cpu.push_back(CpuSeconds() - c0);
    if (!table.ok()) {
      std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
      return 1;
    }
    optiscope::Result<optiscope::Dataset> ds = optiscope::MakeDataset(*table);
    const auto t2 = std::chrono::steady_clock::now();
    if (!ds.ok()) {
      std::fprintf(stderr, "%s\n", ds.status().ToString().c_str());
      return 1;
    }
    rows = table->num_rows;
    cols = table->columns.size();
    load.push_back(Seconds(t0, t1));
    make.push_back(Seconds(t1, t2));
  }
  const double s = Median(load);
  // cpu_s: CPU time of the load summed over threads (a loaded machine stretches load_s).
  std::printf(
      "{\"bench\":\"csv_load\",\"rows\":%zu,\"cols\":%zu,\"load_s\":%.4f,\"MB_per_s\":%.1f,"
      "\"cpu_s\":%.4f}\n",
      rows, cols, s, mb / s, Median(cpu));
  std::printf("{\"bench\":\"csv_make_dataset\",\"rows\":%zu,\"cols\":%zu,\"seconds\":%.4f}\n", rows,
              cols, Median(make));
  return 0;
}
