#!/bin/sh
# Classic-model speed benchmark: ours (bench_classic) and scikit-learn (peers_classic.py) in the
# same invocation. Prints every JSON line of both, then one ratio line per task and thread count
# ("speedup" = peer fit time / ours, medians; > 1 means we are faster).
# Usage: bench/classic.sh [--quick]   (build first: cmake --build build --target bench_classic)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD_DIR:-$ROOT/build}
OURS=$("$BUILD/bench/bench_classic" "$ROOT" "$@")
PEER=$(/usr/bin/python3 "$ROOT/bench/peers_classic.py" "$ROOT" "$@")
printf '%s\n%s\n' "$OURS" "$PEER"
printf '%s\n%s\n' "$OURS" "$PEER" | /usr/bin/python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.strip()]
ours = {(l["task"], l["threads"]): l for l in lines if l["impl"] == "optiscope"}
peer = {(l["task"], l["threads"]): l for l in lines if l["impl"] != "optiscope"}
for key, o in ours.items():
    p = peer.get(key)
    if p is None:
        continue
    diff = round(100 * (o["test_acc"] - p["test_acc"]), 2)
    print(json.dumps({"bench": "classic_ratio", "task": key[0], "threads": key[1],
                      "ours_fit_s": o["fit_s"], "peer_fit_s": p["fit_s"],
                      "speedup": round(p["fit_s"] / o["fit_s"], 2),
                      "ours_acc": o["test_acc"], "peer_acc": p["test_acc"],
                      "acc_diff_points": diff,
                      "fit_time_target_met": o["fit_s"] <= p["fit_s"]}))
'
