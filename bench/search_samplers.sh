#!/bin/sh
# Search sampler benchmark: ours (search_samplers) and Optuna (peers/search_optuna.py) in the
# same invocation. Prints every JSON line of both, then ratio lines: suggest latency
# ("speedup" = Optuna ms / ours, > 1 means we are faster), TPE quality (median best value,
# ours vs Optuna's TPE, lower is better) and multi-objective hypervolume on ZDT1 (MOTPE, NSGA-II,
# random: ours vs Optuna's, higher is better). The 1 ms target is judged on CPU time: wall time on a
# shared, loaded machine includes time spent waiting for a core.
# Usage: bench/search_samplers.sh [--quick]  (build: cmake --build build --target search_samplers)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD_DIR:-$ROOT/build}
OURS=$("$BUILD/bench/search_samplers" "$@")
PEER=$(/usr/bin/python3 "$ROOT/bench/peers/search_optuna.py" "$@")
printf '%s\n%s\n' "$OURS" "$PEER"
printf '%s\n%s\n' "$OURS" "$PEER" | /usr/bin/python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.strip()]
ours = [l for l in lines if l["impl"] == "optiscope"]
peer = [l for l in lines if l["impl"] == "optuna"]
for o in ours:
    if o["bench"] == "search_suggest":
        for p in peer:
            if p["bench"] == o["bench"] and p["sampler"] == o["sampler"] and p["history"] == o["history"]:
                print(json.dumps({"bench": "search_suggest_ratio", "sampler": o["sampler"],
                                  "history": o["history"], "ours_ms": o["ms_per_suggest"],
                                  "optuna_ms": p["ms_per_suggest"],
                                  "speedup": round(p["ms_per_suggest"] / o["ms_per_suggest"], 1),
                                  "ours_cpu_ms": o["cpu_ms_per_suggest"],
                                  "optuna_cpu_ms": p["cpu_ms_per_suggest"],
                                  "target_under_1ms_cpu_met": o["cpu_ms_per_suggest"] < 1.0}))
    elif o["bench"] == "search_quality":
        for p in peer:
            if p["bench"] == o["bench"] and p["function"] == o["function"]:
                print(json.dumps({"bench": "search_quality_vs_optuna_tpe", "function": o["function"],
                                  "sampler": o["sampler"], "ours_median": o["median"],
                                  "optuna_tpe_median": p["median"],
                                  "ours_iqr": [o["q1"], o["q3"]], "optuna_iqr": [p["q1"], p["q3"]]}))
    elif o["bench"] == "search_mo_quality":
        for p in peer:
            if p["bench"] == o["bench"] and p["sampler"] == o["sampler"]:
                print(json.dumps({"bench": "search_mo_hypervolume_vs_optuna", "function": o["function"],
                                  "sampler": o["sampler"], "ours_median_hv": o["median"],
                                  "optuna_median_hv": p["median"], "optimal_hv": o["optimal_hv"],
                                  "ours_iqr": [o["q1"], o["q3"]], "optuna_iqr": [p["q1"], p["q3"]]}))
'
