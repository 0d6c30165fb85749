#!/bin/sh
# Digits MLP compression: ours (bench/quant: int8/int4/ternary/binary, 70% sparse, 70% + int8)
# against PyTorch's quantize_dynamic (../shared/bench/peers/digits_quant_torch.py) on the same split
# in the same invocation. Prints our JSON lines, the peer's, then one line with the ratios.
# Env: OPTISCOPE_BUILD (default <repo>/build), OPTISCOPE_PEERS (default <repo>/../shared/bench/peers).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OPTISCOPE_BUILD:-$ROOT/build}
PEERS=${OPTISCOPE_PEERS:-$ROOT/../shared/bench/peers}
[ -d "$PEERS" ] || PEERS=$ROOT/../../shared/bench/peers  # a git worktree under /work/wt/<name>
PY=/usr/bin/python3
CSV=$ROOT/resources/datasets/digits.csv
[ -x "$BUILD/bench/quant" ] || cmake --build "$BUILD" --target quant >/dev/null

PERM=$(mktemp)
OURS=$(mktemp)
trap 'rm -f "$PERM" "$OURS"' EXIT
"$PY" -c "import sys, numpy as np
n = sum(1 for _ in open(sys.argv[1])) - 1
print(' '.join(map(str, np.random.RandomState(0).permutation(n))))" "$CSV" > "$PERM"

"$BUILD/bench/quant" --perm "$PERM" > "$OURS"
TORCH=$("$PY" "$PEERS/digits_quant_torch.py" "$CSV")
cat "$OURS"
echo "$TORCH"
"$PY" -c "import json, sys
ours = {d['variant']: d for d in map(json.loads, open(sys.argv[1])) if d.get('bench') == 'quant'}
t = json.loads(sys.argv[2])
f, q = ours['float32'], ours['int8']
print(json.dumps({'bench': 'quant_ratio',
    'ours_float_acc': f['test_acc'], 'ours_int8_acc': q['test_acc'],
    'torch_float_acc': t['float_acc'], 'torch_int8_acc': t['int8_acc'],
    'ours_int8_drop_points': round(100 * (f['test_acc'] - q['test_acc']), 2),
    'ours_int8_size_ratio': q['ratio'],
    'torch_int8_size_ratio': round(t['float_bytes'] / t['int8_bytes'], 3),
    'ours_float_ms': f['infer_ms_1024'], 'ours_int8_ms': q['infer_ms_1024'],
    'torch_float_ms': t['float_infer_ms_1024'], 'torch_int8_ms': t['int8_infer_ms_1024'],
    'ours_int8_speedup_vs_our_float': round(f['infer_ms_1024'] / q['infer_ms_1024'], 2),
    'ours_int8_speedup_vs_torch_int8': round(t['int8_infer_ms_1024'] / q['infer_ms_1024'], 2),
    'ours_int4_qat_acc': ours['int4_qat']['test_acc'],
    'ours_ternary_acc': ours['ternary']['test_acc'], 'ours_ternary_qat_acc': ours['ternary_qat']['test_acc'],
    'ours_binary_acc': ours['binary']['test_acc'], 'ours_binary_qat_acc': ours['binary_qat']['test_acc'],
    'sparse70_acc': ours['sparse70']['test_acc'],
    'sparse70_int8_acc': ours['sparse70_int8']['test_acc'],
    'sparse70_int8_ratio': ours['sparse70_int8']['ratio'],
    'sparse70_int8_per_tensor_ratio': ours['sparse70_int8_per_tensor']['ratio']}))" "$OURS" "$TORCH"
