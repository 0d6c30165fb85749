#!/usr/bin/env bash
# Makes the seed corpora in tests/fuzz/corpus/<target>/ (docs/hardening.md): small valid inputs
# from the project's own files and writers, plus a few edge cases. Run from the repository root
# with a built optiscope-cli (the model, .optq and study database seeds are written by it):
#   tests/fuzz/make_seeds.sh [path/to/optiscope-cli]     (default build/bin/optiscope-cli)
# The CSV seeds start with one byte that fuzz_csv.cpp reads as its options.
set -euo pipefail
cd "$(dirname "$0")/../.."
cli="${1:-build/bin/optiscope-cli}"
out=tests/fuzz/corpus
mkdir -p "$out"/{csv,config,spec,model,optq,loss_expr,study_db}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# csv: option byte 0 (detect everything) + each fixture; the small built-in datasets cut to 40
# lines; a few option bytes over one file (fixed delimiter, no header, decimal comma).
for f in tests/fixtures/csv/*.csv tests/fixtures/csv/*.tsv; do
  { printf '\x00'; cat "$f"; } > "$out/csv/$(basename "$f")"
done
for d in iris wine diabetes; do
  { printf '\x00'; head -n 40 "resources/datasets/$d.csv"; } > "$out/csv/builtin_$d.csv"
done
{ printf '\x05'; head -n 20 resources/datasets/iris.csv; } > "$out/csv/opt_comma_noheader.csv"
{ printf '\x2a'; printf 'a;b;c\n1,5;2,25;x\n3,0;-4,5;y\n'; } > "$out/csv/opt_semicolon_decimal_comma.csv"
{ printf '\x03'; printf 'a\tb\n"q\tq"\t1\n"multi\nline"\t2\n'; } > "$out/csv/opt_tab_quoted.csv"
{ printf '\x00'; printf 'x,x,x,,y\n1,2,3,4,a\n5,6,7,8,b\n'; } > "$out/csv/duplicate_header.csv"
{ printf '\x00'; printf '\xef\xbb\xbfname,value\r\nNA,inf\r\n"a""b",1e308\r\n'; } > "$out/csv/bom_crlf_na.csv"

# config: the example configurations (studies are specs) and the default configuration as written.
for f in resources/examples/*.json; do
  case "$(basename "$f")" in study_*) cp "$f" "$out/spec/" ;; *) cp "$f" "$out/config/" ;; esac
done
if [ -x "$cli" ]; then
  "$cli" train --dataset iris --epochs 1 --quiet --export "$out/config/iris_written.json" >/dev/null
fi
printf '{}' > "$out/config/empty_object.json"
printf '{"model": {"type": "mlp", "hidden": [4, 4]}, "training": {"epochs": 1}}' \
  > "$out/config/small_mlp.json"
printf '{"loss": {"type": "custom", "expression": "abs(p - y)^1.5"}}' > "$out/config/custom_loss.json"

# spec: the examples above plus a few shapes of objective and search space.
cat > "$out/spec/function_all_params.json" <<'JSON'
{"name": "s", "sampler": {"type": "random", "seed": 3}, "pruner": {"type": "median"},
 "n_trials": 3,
 "space": {"x": {"type": "float", "low": -5, "high": 10},
           "y": {"type": "float", "low": 1e-3, "high": 1, "log": true},
           "n": {"type": "int", "low": 1, "high": 8, "step": 1},
           "c": {"type": "categorical", "choices": ["a", "b"]}},
 "objective": {"function": "branin", "direction": "minimize"}}
JSON
printf '{"name": "grid", "sampler": {"type": "grid"}, "space": {"x": {"type": "int", "low": 0, "high": 3}}, "objective": {"function": "sphere", "dims": 1, "direction": "minimize"}}' \
  > "$out/spec/grid.json"

# loss_expr: the documented grammar, functions and edge cases.
i=0
while IFS= read -r e; do
  printf '%s' "$e" > "$out/loss_expr/expr_$i.txt"
  i=$((i + 1))
done <<'EXPRS'
abs(p - y)^1.5 + 0.1*(p - y)^2
(p - y)^2
log(1 + exp(-y*p))
max(0, 1 - y*p)^2
sqrt((p - y)^2 + 1) - 1
sigmoid(p) - y*tanh(p) + softplus(-p)
pow(abs(p - y), 2.5) / (1 + min(p, y))
-p^2 + 2^3^2*sin(p)*cos(y)
.5e-3*p + 1E2*y*p
((((((p))))))
p
EXPRS

# model, optq, study_db: written by the CLI (small models: a few epochs, few trees).
if [ -x "$cli" ]; then
  m="$out/model"
  "$cli" train --config resources/examples/iris_logistic.json --quiet --save-model "$m/iris_logistic.osm" >/dev/null
  "$cli" train --config resources/examples/moons_mlp.json --epochs 2 --quiet --save-model "$m/moons.osm" >/dev/null
  "$cli" train --config resources/examples/pipeline_pca.json --epochs 1 --quiet --save-model "$m/pipeline_pca.osm" >/dev/null
  "$cli" train --dataset diabetes --model linear --epochs 2 --quiet --save-model "$m/diabetes_linear.osm" >/dev/null
  "$cli" train --dataset diabetes --model tree --param max_depth=2 --quiet --save-model "$m/diabetes_tree.osm" >/dev/null
  for spec in "random_forest n_estimators=3" "gradient_boosting n_estimators=3" knn linear_svm kernel_svm; do
    set -- $spec
    "$cli" train --dataset iris --model "$1" ${2:+--param "$2"} --quiet --save-model "$m/iris_$1.osm" >/dev/null
  done
  "$cli" compress --model "$m/moons.osm" --bits 8 --fine-tune-epochs 0 --quiet --out "$out/optq/moons_int8.optq" >/dev/null
  "$cli" compress --model "$m/moons.osm" --bits 4 --sparsity 0.5 --fine-tune-epochs 0 --quiet \
    --out "$out/optq/moons_int4_sparse.optq" >/dev/null
  "$cli" compress --model "$m/diabetes_linear.osm" --dataset diabetes --bits 2 --fine-tune-epochs 0 --quiet \
    --out "$out/optq/diabetes_int2.optq" >/dev/null
  "$cli" compress --model "$m/iris_logistic.osm" --dataset iris --bits 32 --activation-bits 32 \
    --fine-tune-epochs 0 --quiet --out "$out/optq/iris_float.optq" >/dev/null
  sed 's/"n_trials": *[0-9]*/"n_trials": 4/' resources/examples/study_branin.json > "$tmp/branin.json"
  "$cli" study run "$tmp/branin.json" --storage "sqlite:$tmp/branin.db" >/dev/null
  "$cli" study run "$out/spec/function_all_params.json" --storage "sqlite:$tmp/fn.db" >/dev/null
  cp "$tmp/branin.db" "$tmp/fn.db" "$out/study_db/"
fi
: > "$out/study_db/empty.db"
