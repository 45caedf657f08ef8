#!/usr/bin/env bash
# Idle memory of one variant: ours alone as MASTER of 100 v2 instances (advert_int 1) with the
# keepalived peer, 2 trials, smaps kept. ENV=VALUE arguments go to the daemon's environment.
# Usage: bench/scale/variants/measure.sh NAME BINARY [ENV=VALUE...]   (root; results in $KS_VARIANTS/results/NAME)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
top=${KS_VARIANTS:-/tmp/ks-variants}
name=$1 bin=$2
shift 2
env "$@" KS_BINARY="$bin" KS_BSC_IMPLS=ours KS_BSC_TRIALS=2 KS_BSC_SMAPS=1 KS_BSC_RESULTS="$top/results/$name" \
    "$repo/bench/scale/run.sh" v2:100
