#!/usr/bin/env bash
# Merges every shard folder under EVAL_OUT into one evaluation (EVAL_OUT/report), as a single run would write it.
# Give the same inputs (and --ratings) as the shards; --model is not needed.
set -euo pipefail
: "${EVAL_OUT:?set EVAL_OUT to the folder that holds the shard folders}"
shards=("$EVAL_OUT"/shard-*-of-*)
merge=()
for s in "${shards[@]}"; do merge+=(--merge "$s"); done
exec ${HUMANCLAP:-humanclap} evaluate "$@" "${merge[@]}" --out "$EVAL_OUT/report"
