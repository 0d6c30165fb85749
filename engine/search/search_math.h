// Numerics shared by the samplers: the standard normal (cdf, log-cdf, quantile), truncated
// normal sampling and log-density, and the log of Gaussian mass over an interval.
#pragma once

#include "engine/core/rng.h"

namespace optiscope::search_math {

constexpr double kPi = 3.14159265358979323846;

// Standard normal density and cdf.
double NormalPdf(double x);
double NormalCdf(double x);
// log Phi(x), accurate for very negative x (asymptotic erfc series below -20).
double LogNormalCdf(double x);
// Phi^{-1}(p) for p in (0, 1) (Acklam's rational approximation + one Halley step).
double NormalQuantile(double p);
// log(Phi(b) - Phi(a)) for a < b, stable in both tails.
double LogGaussMass(double a, double b);
// A draw of N(mu, sigma^2) truncated to [low, high] (inverse-cdf on the nearer tail).
double SampleTruncatedNormal(double mu, double sigma, double low, double high, Rng& rng);
// log density of N(mu, sigma^2) truncated to [low, high] at x (x within the bounds).
double LogTruncatedNormalPdf(double x, double mu, double sigma, double low, double high);
// log(exp(a) + exp(b)) without overflow.
double LogAddExp(double a, double b);

}  // namespace optiscope::search_math
