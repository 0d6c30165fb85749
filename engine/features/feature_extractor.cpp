#include "engine/features/feature_extractor.h"
#include "engine/core/str_cat.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace optiscope {
namespace {

constexpr int kMaxOutputs = 20000;

std::string Name(const std::vector<std::string>& names, int j) {
  return j < static_cast<int>(names.size()) ? names[j] : StrCat({"x", std::to_string(j)});
}

double SignedLog1p(double x) { return std::copysign(std::log1p(std::abs(x)), x); }
double SignedSqrt(double x) { return std::copysign(std::sqrt(std::abs(x)), x); }

// Log-likelihood of Yeo-Johnson with lambda (scikit-learn's _yeo_johnson_optimize objective).
double LogLikelihood(const std::vector<double>& x, double lambda) {
  const double n = static_cast<double>(x.size());
  double mean = 0.0;
  std::vector<double> t(x.size());
  for (size_t i = 0; i < x.size(); ++i) mean += (t[i] = YeoJohnson(x[i], lambda));
  mean /= n;
  double var = 0.0, log_term = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    var += (t[i] - mean) * (t[i] - mean);
    log_term += std::copysign(std::log1p(std::abs(x[i])), x[i]);
  }
  var /= n;
  return -0.5 * n * std::log(std::max(var, 1e-300)) + (lambda - 1) * log_term;
}

}  // namespace

double YeoJohnson(double x, double lambda) {
  if (x >= 0) {
    return std::abs(lambda) < 1e-10 ? std::log1p(x) : (std::pow(x + 1, lambda) - 1) / lambda;
  }
  return std::abs(lambda - 2) < 1e-10 ? -std::log1p(-x)
                                      : -(std::pow(1 - x, 2 - lambda) - 1) / (2 - lambda);
}

double YeoJohnsonLambda(const std::vector<double>& x) {
  double a = -10, b = 10;
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = -LogLikelihood(x, c), fd = -LogLikelihood(x, d);
  while (b - a > 1e-9) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - g * (b - a);
      fc = -LogLikelihood(x, c);
    } else {
      a = c, c = d, fc = fd;
      d = a + g * (b - a);
      fd = -LogLikelihood(x, d);
    }
  }
  return (a + b) / 2;
}

namespace {

// The polynomial terms of d columns up to `degree` in scikit-learn's order: by degree, then
// combinations with repetition (without, for interaction_only) in lexical order. A term lists its
// columns, e.g. {0, 0, 2} for x0^2 x2. InvalidArgument past kMaxOutputs terms.
Status PolynomialTerms(int d, int degree, bool interaction_only,
                       std::vector<std::vector<int>>* terms) {
  if (degree < 1) {
    return Status::InvalidArgument("features.extract.degree: must be >= 1, got " +
                                   std::to_string(degree));
  }
  std::vector<int> term;
  std::function<bool(int, int)> add = [&](int start, int remaining) {
    if (remaining == 0) {
      terms->push_back(term);
      return static_cast<int>(terms->size()) <= kMaxOutputs;
    }
    for (int j = start; j < d; ++j) {
      term.push_back(j);
      const bool ok = add(interaction_only ? j + 1 : j, remaining - 1);
      term.pop_back();
      if (!ok) return false;
    }
    return true;
  };
  for (int k = 1; k <= degree; ++k) {
    if (!add(0, k)) {
      return Status::InvalidArgument("features.extract.degree: " + std::to_string(degree) +
                                     " on " + std::to_string(d) + " columns gives more than " +
                                     std::to_string(kMaxOutputs) + " features");
    }
  }
  return Status::Ok();
}

// "x0^2 x2" for {0, 0, 2}.
std::string TermName(const std::vector<int>& t, const std::vector<std::string>& names) {
  std::string name;
  for (size_t i = 0; i < t.size();) {
    size_t e = i;
    while (e < t.size() && t[e] == t[i]) ++e;
    if (!name.empty()) name += " ";
    name += Name(names, t[i]);
    if (e - i > 1) StrAppend(&name, {"^", std::to_string(e - i)});
    i = e;
  }
  return name;
}

// The inner edges of `bins` bins over a sorted column: equal widths ("uniform") or equal counts
// ("quantile", linear interpolation between order statistics as numpy's default percentile);
// edges closer than 1e-8 merge.
std::vector<double> BinEdges(const std::vector<double>& sorted, int bins, BinStrategy strategy) {
  std::vector<double> edges;
  for (int b = 1; b < bins; ++b) {
    const double q = static_cast<double>(b) / bins;
    double edge;
    if (strategy == BinStrategy::kUniform) {
      edge = sorted.front() + q * (sorted.back() - sorted.front());
    } else {
      const double pos = q * (sorted.size() - 1);
      const size_t lo = static_cast<size_t>(std::floor(pos));
      const size_t hi = std::min(sorted.size() - 1, lo + 1);
      edge = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
    if (edges.empty() || edge > edges.back() + 1e-8) edges.push_back(edge);
  }
  return edges;
}

std::vector<double> ColumnValues(const Mat& X, int j) {
  std::vector<double> col(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) col[i] = X(i, j);
  return col;
}

}  // namespace

Status FeatureExtractor::Fit(const Mat& X, const std::vector<std::string>& names) {
  num_inputs_ = static_cast<int>(X.cols());
  const int d = num_inputs_;
  const ExtractMethod m = options_.method;
  output_names_.clear();
  terms_.clear();
  switch (m) {
    case ExtractMethod::kNone:
    case ExtractMethod::kLog1p:
    case ExtractMethod::kSqrt:
      for (int j = 0; j < d; ++j) {
        output_names_.push_back(
            m == ExtractMethod::kNone ? Name(names, j) : EnumName(m) + "(" + Name(names, j) + ")");
      }
      return Status::Ok();
    case ExtractMethod::kPolynomial:
      return FitPolynomial(names);
    case ExtractMethod::kYeoJohnson:
      FitYeoJohnson(X, names);
      return Status::Ok();
    case ExtractMethod::kBinning:
      return FitBinning(X, names);
  }
  return Status::InvalidArgument("features.extract.method: \"?\" (a value outside the table)");
}

Status FeatureExtractor::FitPolynomial(const std::vector<std::string>& names) {
  OPTISCOPE_RETURN_IF_ERROR(
      PolynomialTerms(num_inputs_, options_.degree, options_.interaction_only, &terms_));
  for (const auto& t : terms_) output_names_.push_back(TermName(t, names));
  return Status::Ok();
}

void FeatureExtractor::FitYeoJohnson(const Mat& X, const std::vector<std::string>& names) {
  const int d = num_inputs_;
  lambdas_.assign(d, 1.0);
  mean_.assign(d, 0.0);
  scale_.assign(d, 1.0);
  for (int j = 0; j < d; ++j) {
    std::vector<double> col = ColumnValues(X, j);
    lambdas_[j] = YeoJohnsonLambda(col);
    double mean = 0.0, var = 0.0;
    for (double& v : col) mean += (v = YeoJohnson(v, lambdas_[j]));
    mean /= std::max<size_t>(1, col.size());
    for (double v : col) var += (v - mean) * (v - mean);
    var /= std::max<size_t>(1, col.size());
    mean_[j] = mean;
    scale_[j] = var > 0 ? std::sqrt(var) : 1.0;
    output_names_.push_back("yeo_johnson(" + Name(names, j) + ")");
  }
}

Status FeatureExtractor::FitBinning(const Mat& X, const std::vector<std::string>& names) {
  if (options_.bins < 2) {
    return Status::InvalidArgument("features.extract.bins: must be >= 2, got " +
                                   std::to_string(options_.bins));
  }
  edges_.assign(num_inputs_, {});
  for (int j = 0; j < num_inputs_; ++j) {
    std::vector<double> col = ColumnValues(X, j);
    std::sort(col.begin(), col.end());
    edges_[j] = BinEdges(col, options_.bins, options_.strategy);
    output_names_.push_back("bin(" + Name(names, j) + ")");
  }
  return Status::Ok();
}

Mat FeatureExtractor::Transform(const Mat& X) const {
  const ExtractMethod m = options_.method;
  if (m == ExtractMethod::kNone) return X;
  Mat out(X.rows(), NumOutputs());
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    if (m == ExtractMethod::kPolynomial) {
      for (size_t t = 0; t < terms_.size(); ++t) {
        double v = 1.0;
        for (int j : terms_[t]) v *= X(i, j);
        out(i, static_cast<Eigen::Index>(t)) = static_cast<Scalar>(v);
      }
      continue;
    }
    for (int j = 0; j < num_inputs_; ++j) {
      const double x = X(i, j);
      double v = x;
      if (m == ExtractMethod::kLog1p) v = SignedLog1p(x);
      if (m == ExtractMethod::kSqrt) v = SignedSqrt(x);
      if (m == ExtractMethod::kYeoJohnson) v = (YeoJohnson(x, lambdas_[j]) - mean_[j]) / scale_[j];
      if (m == ExtractMethod::kBinning) {
        v = static_cast<double>(std::upper_bound(edges_[j].begin(), edges_[j].end(), x) -
                                edges_[j].begin());
      }
      out(i, j) = static_cast<Scalar>(v);
    }
  }
  return out;
}

}  // namespace optiscope
