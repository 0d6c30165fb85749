#!/bin/sh
# A tiny program tuned by study_command.json: reads --x=... and --shape=... from its arguments
# (the parameters also arrive as one JSON object on stdin), prints progress, then its value as the
# last line of stdout.
x=0
shape=bowl
for arg in "$@"; do
  case "$arg" in
    --x=*) x="${arg#--x=}" ;;
    --shape=*) shape="${arg#--shape=}" ;;
  esac
done
read -r params   # {"x":1.25,"shape":"bowl"}
echo "evaluating $params"
awk -v x="$x" -v shape="$shape" 'BEGIN {
  v = (x - 1) * (x - 1); if (shape == "ridge") v = v + 0.5; printf "%.10g\n", v }'
