// "optiscope-cli project" and "optiscope-cli select": PCA / Kernel PCA projections and ranked
// feature-selection scores of a dataset (built-in name or CSV path), imputed and standardized.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/train_overrides.h"
#include "engine/core/file_io.h"
#include "engine/data/data_source.h"
#include "engine/data/preprocessing.h"
#include "engine/features/feature_selector.h"
#include "engine/features/kernel_pca.h"
#include "engine/features/pca.h"

namespace optiscope::cli {
namespace {

// The data options (train's: --dataset, --target, --drop-columns, --task, --missing, --scaling
// ...); `scaling` applies unless --scaling is given. InvalidArgument: a usage error.
Result<DataConfig> DataOf(const ParsedArgs& args, Scaling scaling) {
  if (!args.Get("--dataset")) return Status::InvalidArgument("--dataset NAME|PATH is required");
  DataConfig data;
  data.scaling = scaling;
  OPTISCOPE_RETURN_IF_ERROR(ApplyDataOptions(args, &data));
  return data;
}

// The dataset, imputed and scaled on all rows. The target column (the last one by default) is
// never a feature.
Result<Dataset> LoadPrepared(const DataConfig& data) {
  auto dataset = LoadDataset(data);
  if (!dataset.ok()) return dataset.status();
  Preprocessor pre(ImputationOf(data.missing), data.scaling);
  pre.Fit(dataset->X);
  pre.Transform(&dataset->X);
  return dataset;
}

// The command's own options, then the data options.
std::vector<OptionSpec> WithDataOptions(std::vector<OptionSpec> own) {
  std::vector<OptionSpec> data =
      DataOptions("built-in dataset, synthetic generator or CSV file (required)");
  own.insert(own.begin(), data.begin(), data.end());
  return own;
}

Result<int> IntOption(const ParsedArgs& args, const std::string& name, int fallback) {
  const auto v = args.Get(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    const int n = std::stoi(*v, &used);
    if (used == v->size() && n >= 1) return n;
  } catch (...) {
  }
  return Status::InvalidArgument(name + " expects a positive integer, got '" + *v + "'");
}

int RunProject(const ParsedArgs& args) {
  auto components = IntOption(args, "--components", 2);
  if (!components.ok()) return UsageError(components.status().message(), "project");
  auto data = DataOf(args, Scaling::kStandardize);
  if (!data.ok()) return UsageError(data.status().message(), "project");
  auto dataset = LoadPrepared(*data);
  if (!dataset.ok()) return Fail(kExitBadInput, dataset.status().message());
  const std::string method = args.Get("--method").value_or("pca");
  const auto start = std::chrono::steady_clock::now();
  Mat scores;
  VecD ratio;
  if (method == "pca") {
    Pca pca(PcaOptions{.n_components = *components});
    const Status st = pca.Fit(dataset->X);
    if (!st.ok()) return Fail(kExitBadInput, st.message());
    scores = pca.Transform(dataset->X);
    ratio = pca.explained_variance_ratio();
  } else if (method == "kpca") {
    auto kernel = ParsePcaKernel(args.Get("--kernel").value_or("rbf"));
    if (!kernel.ok()) return UsageError("--kernel: " + kernel.status().message(), "project");
    KernelPcaOptions options;
    options.n_components = *components;
    options.kernel.kernel = *kernel;
    KernelPca kpca(options);
    const Status st = kpca.Fit(dataset->X);
    if (!st.ok()) return Fail(kExitBadInput, st.message());
    scores = kpca.training_scores();
    ratio = kpca.explained_variance_ratio();
  } else {
    return UsageError("--method must be pca or kpca, got '" + method + "'", "project");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (const auto out = args.Get("--out")) {
    std::ostringstream f;
    for (Eigen::Index j = 0; j < scores.cols(); ++j) f << (j ? "," : "") << "c" << j + 1;
    f << ",label\n";
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      for (Eigen::Index j = 0; j < scores.cols(); ++j) f << (j ? "," : "") << scores(i, j);
      f << "," << dataset->y[i] << "\n";
    }
    if (Status s = WriteFileAtomically(*out, f.str()); !s.ok()) return Fail(kExitBadInput, s.message());
  }
  std::printf("%s of %s: %d rows x %d features -> %d components (%.3f s)\n", method.c_str(),
              dataset->name.c_str(), dataset->NumRows(), dataset->NumFeatures(),
              static_cast<int>(scores.cols()), seconds);
  double cumulative = 0.0;
  for (Eigen::Index j = 0; j < ratio.size(); ++j) {
    cumulative += ratio[j];
    std::printf("  component %ld: explained variance ratio %.6f (cumulative %.6f)\n",
                static_cast<long>(j + 1), ratio[j], cumulative);
  }
  if (args.Has("--json")) {
    nlohmann::json j = {{"event", "projection_finished"},
                        {"method", method},
                        {"explained_variance_ratio", std::vector<double>(ratio.data(), ratio.data() + ratio.size())},
                        {"fit_seconds", seconds}};
    std::printf("%s\n", j.dump().c_str());
  }
  return kExitOk;
}

int RunSelect(const ParsedArgs& args) {
  auto k = IntOption(args, "--k", 10);
  if (!k.ok()) return UsageError(k.status().message(), "select");
  const std::string method = args.Get("--method").value_or("anova");
  SelectorOptions options;
  options.k = *k;
  // A score name (anova, chi2, mutual_info) is kbest with that score; variance, rfe and l1 are
  // selection methods of their own.
  const std::optional<SelectScore> score = EnumFromName<SelectScore>(method);
  const std::optional<SelectMethod> other = EnumFromName<SelectMethod>(method);
  if (score) {
    options.method = SelectMethod::kKBest;
    options.score = *score;
  } else if (other && *other != SelectMethod::kNone && *other != SelectMethod::kKBest) {
    options.method = *other;
  } else {
    return UsageError("--method must be anova, chi2, mutual_info, variance, rfe or l1", "select");
  }
  // chi2 needs non-negative values: min-max scaling instead of standardization. variance ranks
  // the columns' own variances: scaled, every one would be 1.
  const Scaling scaling = score == SelectScore::kChi2                 ? Scaling::kMinMax
                          : options.method == SelectMethod::kVariance ? Scaling::kNone
                                                                      : Scaling::kStandardize;
  auto data = DataOf(args, scaling);
  if (!data.ok()) return UsageError(data.status().message(), "select");
  auto dataset = LoadPrepared(*data);
  if (!dataset.ok()) return Fail(kExitBadInput, dataset.status().message());
  FeatureSelector selector(options);
  const Status st = selector.Fit(dataset->X, dataset->y, dataset->task);
  if (!st.ok()) return Fail(kExitBadInput, st.message());
  const std::vector<int> order = RankByScore(selector.scores());
  const auto& kept = selector.selected();
  nlohmann::json ranked = nlohmann::json::array();
  std::printf("%-6s %-24s %14s %s\n", "rank", "feature", "score", "kept");
  for (size_t r = 0; r < order.size(); ++r) {
    const int j = order[r];
    const bool is_kept = std::find(kept.begin(), kept.end(), j) != kept.end();
    const std::string& name = dataset->feature_names[j];
    std::printf("%-6zu %-24s %14.6g %s\n", r + 1, name.c_str(), selector.scores()[j],
                is_kept ? "yes" : "");
    const double score = selector.scores()[j];
    ranked.push_back({{"feature", name},
                      {"score", std::isfinite(score) ? nlohmann::json(score) : nlohmann::json()},
                      {"kept", is_kept}});
  }
  if (args.Has("--json")) {
    nlohmann::json j = {{"event", "selection_finished"}, {"method", method}, {"features", ranked}};
    std::printf("%s\n", j.dump().c_str());
  }
  return kExitOk;
}

}  // namespace

Command ProjectCommand() {
  return {.name = "project",
          .synopsis = "project --dataset NAME|PATH [--target COL] [--drop-columns C,..] "
                      "[--method pca|kpca] [--kernel rbf] "
                      "[--components 2] [--out FILE.csv] [--json]",
          .summary = "PCA / Kernel PCA of a dataset: explained variance and coordinates",
          .details = "Imputes (--missing, default mean) and scales (--scaling, default "
                     "standardize) the features (the target column, the last one unless --target "
                     "names it, is left out),\nfits PCA or Kernel PCA and "
                     "prints the explained\nvariance ratio per component; --out writes the "
                     "coordinates (and the label) as CSV. With --json\nthe last line is "
                     "{\"event\":\"projection_finished\",\"explained_variance_ratio\":[...],"
                     "\"fit_seconds\":...}.\n",
          .options = WithDataOptions({{"--method", "pca|kpca", "projection method (default pca)"},
                                      {"--kernel", "NAME", "kpca kernel: rbf, poly, sigmoid, cosine, linear"},
                                      {"--components", "N", "components (default 2)"},
                                      {"--out", "FILE", "write the coordinates as CSV"},
                                      {"--json", "", "end with a JSON line"},
                                      {"--help", "", "this text"}}),
          .run = RunProject};
}

Command SelectCommand() {
  return {.name = "select",
          .synopsis = "select --dataset NAME|PATH [--target COL] [--drop-columns C,..] "
                      "[--method anova|chi2|mutual_info|variance|rfe|l1] "
                      "[--k 10] [--json]",
          .summary = "rank a dataset's features by a selection score",
          .details = "Imputes and scales the features (min-max for chi2, none for variance, "
                     "else standardized, unless --scaling is given; the target column, the last one "
                     "unless --target names it, is never ranked), "
                     "scores every feature\nand prints them ranked, marking the kept ones. With "
                     "--json the last line is\n{\"event\":\"selection_finished\",\"features\":"
                     "[{\"feature\",\"score\",\"kept\"}...]}.\n",
          .options = WithDataOptions({{"--method", "NAME", "score or selector (default anova)"},
                                      {"--k", "N", "features kept by kbest / rfe (default 10)"},
                                      {"--json", "", "end with a JSON line"},
                                      {"--help", "", "this text"}}),
          .run = RunSelect};
}

}  // namespace optiscope::cli
