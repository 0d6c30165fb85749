#!/usr/bin/env bash
# CSV load benchmark: our ReadCsvFile against pandas.read_csv on the same 1,000,000 x 20 numeric
# file, in the same invocation. Prints our JSON lines, the peer's, and a summary line:
#   {"bench":"csv_load","ours_MB_per_s":..,"pandas_MB_per_s":..,"ratio":..}
# Usage: bench/csv.sh [BUILD_DIR]   (default build; env OPTISCOPE_PEERS = peers directory)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
peers="${OPTISCOPE_PEERS:-}"
if [[ -z "$peers" ]]; then  # the repository's sibling ../shared, also from a worktree under /work/wt
  for candidate in "$root/../shared/bench/peers" "$root/../../shared/bench/peers"; do
    if [[ -d "$candidate" ]]; then peers="$candidate"; break; fi
  done
fi
python=/usr/bin/python3
file="${TMPDIR:-/tmp}/optiscope_bench_1000000x20.csv"
if [[ ! -f "$file" ]]; then
  "$python" "$peers/gen_csv.py" "$file.part" 1000000 20
  mv "$file.part" "$file"
fi
if [[ ! -x "$build/bench/bench_csv" ]]; then
  cmake --build "$build" --target bench_csv >&2
fi
ours_json="$("$build/bench/bench_csv" "$file")"
echo "$ours_json"
peer_json="$("$python" "$peers/csv_pandas.py" "$file")"
echo "$peer_json"
"$python" - "$ours_json" "$peer_json" <<'PY'
import json, sys
ours = [json.loads(l) for l in sys.argv[1].splitlines() if '"csv_load"' in l][0]
peer = json.loads(sys.argv[2])
print(json.dumps({"bench": "csv_load", "ours_MB_per_s": ours["MB_per_s"],
                  "pandas_MB_per_s": peer["MB_per_s"],
                  "ratio": round(ours["MB_per_s"] / peer["MB_per_s"], 2)}))
PY
