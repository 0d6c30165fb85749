#!/bin/sh
# Digits MLP training speed: ours (bench_digits_mlp) against PyTorch and scikit-learn on the same
# task in the same invocation. Prints the three JSON lines, then one with the ratios.
# Env: OPTISCOPE_BUILD (default <repo>/build), OPTISCOPE_PEERS (default <repo>/../shared/bench/peers).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD:-$ROOT/build}
PEERS=${OPTISCOPE_PEERS:-$ROOT/../shared/bench/peers}
[ -d "$PEERS" ] || PEERS=$ROOT/../../shared/bench/peers  # a git worktree under /work/wt/<name>
PY=/usr/bin/python3
CSV=$ROOT/resources/datasets/digits.csv
[ -x "$BUILD/bench/bench_digits_mlp" ] || cmake --build "$BUILD" --target bench_digits_mlp >/dev/null

PERM=$(mktemp)
trap 'rm -f "$PERM"' EXIT
# The peers' split: numpy RandomState(0) permutation of the rows.
"$PY" -c "import sys, numpy as np
n = sum(1 for _ in open(sys.argv[1])) - 1
print(' '.join(map(str, np.random.RandomState(0).permutation(n))))" "$CSV" > "$PERM"

OURS=$("$BUILD/bench/bench_digits_mlp" --perm "$PERM")
TORCH=$("$PY" "$PEERS/digits_mlp_torch.py" "$CSV")
SKLEARN=$("$PY" "$PEERS/digits_mlp_sklearn.py" "$CSV")
echo "$OURS"
echo "$TORCH"
echo "$SKLEARN"
"$PY" -c "import json, sys
o, t, s = (json.loads(x) for x in sys.argv[1:4])
ours = o['epoch_ms']
print(json.dumps({'bench': 'digits_mlp_ratio', 'ours_epoch_ms': ours,
                  'torch_epoch_ms': round(1e3 * t['epoch_s'], 3),
                  'sklearn_epoch_ms': round(1e3 * s['epoch_s'], 3),
                  'speedup_vs_torch': round(1e3 * t['epoch_s'] / ours, 2),
                  'speedup_vs_sklearn': round(1e3 * s['epoch_s'] / ours, 2),
                  'acc_ours': o['test_acc'], 'acc_torch': t['test_acc'],
                  'acc_sklearn': s['test_acc']}))" "$OURS" "$TORCH" "$SKLEARN"
