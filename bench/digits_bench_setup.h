// Shared by the digits benchmarks (bench_digits_mlp, quant): their command line and the peers'
// 80/20 split of digits, standardized with the training rows' statistics.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/preprocessing.h"

namespace optiscope::bench {

// [--perm FILE] [--epochs N] [--repeat R]
struct DigitsBenchArgs {
  std::string perm_path;  // the peers' row permutation (numpy RandomState(0)); empty: Rng(0)
  int epochs = 50;
  int repeat = 1;
};

// Parses argv into *args (whose fields hold the defaults). Returns an error message, or "".
inline std::string ParseDigitsBenchArgs(int argc, char** argv, DigitsBenchArgs* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--perm" && i + 1 < argc) {
      args->perm_path = argv[++i];
    } else if (a == "--epochs" && i + 1 < argc) {
      args->epochs = std::atoi(argv[++i]);
    } else if (a == "--repeat" && i + 1 < argc) {
      args->repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      return "unknown argument '" + a + "' (usage: [--perm FILE] [--epochs N] [--repeat R])";
    }
  }
  return "";
}

struct DigitsSplit {
  Dataset train, test;
};

// Digits cut 80/20 by the permutation in `perm_path` (whitespace-separated row indices), or by
// our own Rng(0) shuffle when it is empty; both parts standardized with the training rows'
// statistics. Returns an error message in *error on failure.
inline DigitsSplit LoadDigitsSplit(const std::string& perm_path, std::string* error) {
  auto data = LoadBuiltinDataset("digits");
  if (!data.ok()) {
    *error = data.status().ToString();
    return {};
  }
  const int n = data->NumRows();
  std::vector<int> perm(n);
  if (!perm_path.empty()) {
    std::ifstream in(perm_path);
    for (int& p : perm) {
      if (!(in >> p) || p < 0 || p >= n) {
        *error = "bad permutation file " + perm_path;
        return {};
      }
    }
  } else {
    std::iota(perm.begin(), perm.end(), 0);
    Rng rng(0);
    rng.Shuffle(perm);
  }
  const int n_train = static_cast<int>(0.8 * n);
  const std::vector<int> train_rows(perm.begin(), perm.begin() + n_train);
  const std::vector<int> test_rows(perm.begin() + n_train, perm.end());
  DigitsSplit split{data->Subset(train_rows), data->Subset(test_rows)};
  Preprocessor scaler(Imputation::kMean, Scaling::kStandardize);
  scaler.Fit(split.train.X);
  scaler.Transform(&split.train.X);
  scaler.Transform(&split.test.X);
  return split;
}

}  // namespace optiscope::bench
