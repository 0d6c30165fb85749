#!/bin/sh
# Study storage on PostgreSQL (bench/storage_bench.py): per-trial storage overhead, ours vs Optuna
# 3.1's RDBStorage, and the scaling of 1/2/4/8 worker processes on one study (sleep-0.05 command
# objective), both sides on the same throwaway server (scripts/pg-throwaway, unix socket only)
# started here and stopped on exit.
# Env: OPTISCOPE_BUILD (default <repo>/build). Args: overhead trials (300), scaling trials (400).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD:-$ROOT/build}
[ -x "$BUILD/bin/optiscope-cli" ] || cmake --build "$BUILD" --target optiscope-cli >/dev/null
[ -x "$BUILD/bench/bench_storage" ] || cmake --build "$BUILD" --target bench_storage >/dev/null
PG_DIR=$(mktemp -d /tmp/optiscope-pg.XXXXXX)
trap '"$ROOT/scripts/pg-throwaway" stop "$PG_DIR"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
URL=$("$ROOT/scripts/pg-throwaway" start "$PG_DIR")
/usr/bin/python3 "$ROOT/bench/storage_bench.py" "$BUILD/bin/optiscope-cli" "$URL" "${1:-300}" "${2:-400}"
