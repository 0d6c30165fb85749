#!/bin/sh
# PCA / Kernel PCA speed: ours (build/bench/pca, from bench/pca.cpp) and scikit-learn
# (pca_sklearn.py from $OPTISCOPE_PEERS, default ../shared/bench/peers) in the same invocation.
# Prints both tools' JSON lines, then one ratio line per case ("speedup" = sklearn time / ours).
# Usage: bench/pca.sh   (build first: cmake --build build --target pca)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD_DIR:-$ROOT/build}
PEERS=${OPTISCOPE_PEERS:-$ROOT/../shared/bench/peers}
OURS=$("$BUILD/bench/pca")
PEER=$(/usr/bin/python3 "$PEERS/pca_sklearn.py")
printf '%s\n%s\n' "$OURS" "$PEER"
printf '%s\n%s\n' "$OURS" "$PEER" | /usr/bin/python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.strip()]
ours = {l["case"]: l for l in lines if l.get("impl") == "optiscope"}
peer = {l["case"]: l for l in lines if "impl" not in l}
for case, o in ours.items():
    p = peer.get(case)
    if p is None:
        continue
    for key in ("full_s", "randomized_s", "fit_s"):
        if key in o and key in p:
            print(json.dumps({"bench": "pca_ratio", "case": case, "timing": key,
                              "ours_s": o[key], "sklearn_s": p[key],
                              "speedup": round(p[key] / o[key], 1)}))
'
