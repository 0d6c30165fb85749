#!/bin/sh
# Study benchmarks: pruning (none / median / Hyperband on a digits MLP random search: best
# validation accuracy and total epochs), ours and Optuna + scikit-learn (bench/peers_study.py) in
# the same invocation, then the gradient sampler against fine grids over (lr, l2) (no peer).
# Env: OPTISCOPE_BUILD (default <repo>/build). Args: trials (default 30).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD:-$ROOT/build}
TRIALS=${1:-30}
PY=/usr/bin/python3
[ -x "$BUILD/bench/bench_study" ] || cmake --build "$BUILD" --target bench_study >/dev/null
OURS=$("$BUILD/bench/bench_study" pruning --trials "$TRIALS")
PEER=$("$PY" "$ROOT/bench/peers_study.py" "$ROOT/resources/datasets/digits.csv" "$TRIALS")
echo "$OURS"
echo "$PEER"
"$PY" -c "import json, sys
ours = [json.loads(l) for l in sys.argv[1].splitlines()]
peer = [json.loads(l) for l in sys.argv[2].splitlines()]
for o, p in zip(ours, peer):
    print(json.dumps({'bench': 'study_pruning_ratio', 'pruner': o['pruner'],
                      'ours_epochs_vs_none': round(o['total_epochs'] / ours[0]['total_epochs'], 3),
                      'optuna_epochs_vs_none': round(p['total_epochs'] / peer[0]['total_epochs'], 3),
                      'ours_best': o['best_val_accuracy'], 'optuna_best': p['best_val_accuracy'],
                      'seconds_ratio': round(p['seconds'] / max(o['seconds'], 1e-9), 1)}))" "$OURS" "$PEER"
"$BUILD/bench/bench_study" gradient --grid 8
"$BUILD/bench/bench_study" gradient --grid 16
