#!/bin/sh
# The auto sampler (the default) against Optuna 3.1's default sampler (TPESampler) in the same
# invocation: bench/auto_sampler (ours: cost per proposal at 100, 199, 500 and 1,000 trials of
# history, and the best value after 100 trials per seed on every benchmark function) and
# bench/peers/auto_optuna.py (Optuna, the same functions and trial count). Prints both sides' JSON
# lines, then one comparison line per function: both medians, wins per seed (ours strictly
# better on the same seed index; ties counted apart) and whether the target holds (our median at
# least as good and a majority of seeds won).
# Usage: bench/auto_sampler.sh [--seeds N] [--trials N] [--functions a,b,...]   (default 20, 100)
# Build: cmake --build build --target auto_sampler. CPU: run it with nice on a shared machine.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD:-$ROOT/build}
OURS=$("$BUILD/bench/auto_sampler" "$@")
PEER=$(/usr/bin/python3 "$ROOT/bench/peers/auto_optuna.py" "$@")
printf '%s\n%s\n' "$OURS" "$PEER"
printf '%s\n%s\n' "$OURS" "$PEER" | /usr/bin/python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.strip()]
quality = [l for l in lines if l["bench"] == "auto_quality"]
for o in (l for l in quality if l["impl"] == "optiscope"):
    for p in (l for l in quality if l["impl"] == "optuna" and l["function"] == o["function"]):
        pairs = list(zip(o["best"], p["best"]))
        wins = sum(a < b for a, b in pairs)
        ties = sum(a == b for a, b in pairs)
        print(json.dumps({"bench": "auto_vs_optuna_tpe", "function": o["function"],
                          "trials": o["trials"], "seeds": len(pairs), "optimum": o["optimum"],
                          "ours_median": o["median"], "optuna_median": p["median"],
                          "ours_iqr": [o["q1"], o["q3"]], "optuna_iqr": [p["q1"], p["q3"]],
                          "ours_wins": wins, "ties": ties,
                          "ours_seconds": o["seconds"], "optuna_seconds": p["seconds"],
                          "target_met": o["median"] <= p["median"] and 2 * wins > len(pairs)}))
'
