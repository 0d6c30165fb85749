#!/bin/sh
# Study benchmarks: pruning (none / median / Hyperband on a digits MLP search: best validation
# accuracy and total epochs) and the gradient sampler against a fine grid over (lr, l2).
# No peer runs here: Optuna's pruning on the same PyTorch/scikit-learn task is not wired yet.
# Env: OPTISCOPE_BUILD (default <repo>/build).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD:-$ROOT/build}
[ -x "$BUILD/bench/bench_study" ] || cmake --build "$BUILD" --target bench_study >/dev/null
"$BUILD/bench/bench_study" all "$@"
