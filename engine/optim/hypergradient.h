// The learning-rate bookkeeping shared by the hypergradient-descent rules (sgd_hd, adam_hd).
#pragma once

namespace optiscope {

// α_t for a hypergradient rule: `lr` on the first step; otherwise α_{t−1} rescaled by the caller's
// schedule (lr / last_lr, or reset to lr when last_lr is 0) plus `increment` = β·h_t
// (Baydin et al. 2018).
inline double AdvanceHypergradientRate(bool started, double alpha, double last_lr, double lr,
                                       double increment) {
  if (!started) return lr + increment;
  if (lr != last_lr) alpha = last_lr != 0.0 ? alpha * (lr / last_lr) : lr;
  return alpha + increment;
}

}  // namespace optiscope
