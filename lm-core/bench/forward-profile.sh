#!/usr/bin/env bash
# Two measurements behind lm-core's forward pass, for the benchmark models at 1 and 2 threads (~9 minutes on 2 cores):
#  - AttentionBlockBenchmark: attention query block sizes against each other, with autograd (training) and without
#    (scoring): the evidence for GptModel's defaults -> benchmarks/attention-blocks.json
#  - StepDecomposition: a training step's parts in units of one scoring pass (forward with autograd, + backward,
#    + optimizer): what decides the scoring / training ratio -> benchmarks/step-decomposition.json
# Usage (from anywhere):  lm-core/bench/forward-profile.sh      ROUNDS=5 THREADS=1,2 lm-core/bench/forward-profile.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d /tmp/forward-profile.XXXXXX)
mvn -B -q -pl lm-core install -DskipTests
mvn -B -q -pl lm-core dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" > /dev/null
mkdir -p benchmarks
for tool in AttentionBlockBenchmark:attention-blocks StepDecomposition:step-decomposition; do
  echo "== ${tool%%:*} ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  OPT_OUT_TRACKING=true java -Xmx1g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}" \
    -cp "lm-core/target/classes:$(cat "$WORK/cp.txt")" "org.smalltolarge.lm.bench.${tool%%:*}" \
    --out "benchmarks/${tool#*:}.json" --rounds "${ROUNDS:-5}" --threads "${THREADS:-1,2}" 2>&1 \
    | grep -v -E 'SLF4J|LegacyTypeDispatch|CpuKernels install|MKL vendor shim'
done
echo "== done ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
