#!/usr/bin/env bash
# One shard of `humanclap evaluate`, for a job array: the shard comes from the scheduler's index variable.
#   Slurm array (sbatch --array=0-(N-1)): SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT
#   Kubernetes Indexed Job (completions: N): JOB_COMPLETION_INDEX, with SHARDS=N set in the pod spec
# Environment: EVAL_OUT (folder of the shard folders), EVAL_CACHE (embedding cache shared by the shards),
# HUMANCLAP (the command, default: humanclap, the .NET tool). Every argument goes to `evaluate` (inputs, --model ...).
set -euo pipefail
index="${SLURM_ARRAY_TASK_ID:-${JOB_COMPLETION_INDEX:-}}"
count="${SLURM_ARRAY_TASK_COUNT:-${SHARDS:-}}"
if [[ -z "$index" || -z "$count" ]]; then
  echo "evaluate-shard.sh: no shard index (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) or count" \
       "(SLURM_ARRAY_TASK_COUNT or SHARDS)" >&2
  exit 2
fi
: "${EVAL_OUT:?set EVAL_OUT to the folder that holds the shard folders}"
: "${EVAL_CACHE:?set EVAL_CACHE to the embedding cache folder the shards share}"
shard=$((index + 1))
exec ${HUMANCLAP:-humanclap} evaluate "$@" --shard "$shard/$count" --cache "$EVAL_CACHE" \
  --out "$EVAL_OUT/shard-$shard-of-$count"
