#!/usr/bin/env bash
# lm-core benchmark: DJL vs PyTorch eager on the same three GPT shapes, 1 and 2 threads.
# Usage (from anywhere):  lm-core/bench/run.sh            # ~11 minutes on 2 cores (AMD: ~13)
#   ROUNDS=3 SECONDS_PER_RUN=5 MEMORY_STEPS=1000 THREADS=1,2 SHIM_OFF_PASS=auto lm-core/bench/run.sh
# The two engines take turns for ROUNDS rounds and every DJL/PyTorch ratio is the median of the rounds' ratios, so a
# shared machine's slow spells (which last minutes) hit both sides of a ratio alike.
# On a CPU that is not Intel's (SHIM_OFF_PASS=auto) DJL runs once more with S2L_MKL_VENDOR_SHIM=off, so the table
# shows the engine with and without oneMKL's fast kernels (lm-core/README.md, "Engine settings").
# Writes benchmarks/lm-core.json and prints a table. Installs python3-torch and OpenBLAS with apt if missing (root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECS=${SECONDS_PER_RUN:-5}
ROUNDS=${ROUNDS:-3}
MEMORY_STEPS=${MEMORY_STEPS:-1000}
THREADS=${THREADS:-1,2}
WORK=$(mktemp -d /tmp/lm-core-bench.XXXXXX)
PY=/usr/bin/python3   # Debian's python3-torch lives here, not in a pyenv python on PATH
load() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "== build"
mvn -B -q -pl lm-core install -DskipTests
mvn -B -q -pl lm-core dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" > /dev/null
CP="lm-core/target/classes:$(cat "$WORK/cp.txt")"

if ! "$PY" -c 'import torch, numpy' 2> /dev/null || ! ls /usr/lib/x86_64-linux-gnu/libopenblas.so.0 > /dev/null 2>&1; then
  echo "== installing python3-torch and OpenBLAS (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread > /dev/null
fi

djl() { # djl OUT_JSON MEMORY_STEPS [ENV...]
  local out=$1 memory=$2
  shift 2
  env "$@" OPT_OUT_TRACKING=true java -Xmx512m -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}" \
    -cp "$CP" org.smalltolarge.lm.bench.LmBenchmark --out "$out" --seconds "$SECS" --threads "$THREADS" \
    --memory-steps "$memory" 2>&1 | grep -v -E 'SLF4J|LegacyTypeDispatch'
}

# PyTorch's best settings here: OpenBLAS mis-detects this virtual CPU (generic "Intel Xeon Processor")
# as Prescott; forcing its AVX-512 kernels (SkylakeX) gives ~2.5-5x. OpenBLAS keeps its own thread
# pool, so its thread count is pinned to torch's, and GOMP_SPINCOUNT=0 stops idle OpenMP threads spinning.
if grep -q avx512f /proc/cpuinfo; then CORETYPE=SkylakeX; else CORETYPE=Haswell; fi
BEST="OPENBLAS_CORETYPE=$CORETYPE OPENBLAS_L2_SIZE unset GOMP_SPINCOUNT=0 OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=threads"
LOAD=""
ROUND_DIRS=""
for r in $(seq 1 "$ROUNDS"); do
  dir="$WORK/round-$r"
  mkdir -p "$dir"
  ROUND_DIRS="$ROUND_DIRS,$dir"
  LOAD="$LOAD; round $r DJL $(load)"
  echo "== round $r/$ROUNDS: DJL (engine defaults: oneMKL, with the vendor shim on non-Intel CPUs; GNU OpenMP default spin)"
  # resident memory over a long run is measured once, in the last round
  djl "$dir/djl.json" "$([[ $r == "$ROUNDS" ]] && echo "$MEMORY_STEPS" || echo 0)"
  echo "== round $r/$ROUNDS: PyTorch, best settings"
  for t in ${THREADS//,/ }; do
    LOAD="$LOAD; torch best t=$t $(load)"
    env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=$CORETYPE GOMP_SPINCOUNT=0 OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
      "$PY" lm-core/bench/gpt_torch.py bench --threads "$t" --seconds "$SECS" --label best --out "$dir/best-$t.json"
  done
done

SHIM_OFF_PASS=${SHIM_OFF_PASS:-auto}
if [[ "$SHIM_OFF_PASS" == auto ]]; then
  if grep -q -m1 'vendor_id.*GenuineIntel' /proc/cpuinfo; then SHIM_OFF_PASS=0; else SHIM_OFF_PASS=1; fi
fi
OFF_ARGS=()
if [[ "$SHIM_OFF_PASS" == 1 ]]; then
  LOAD="$LOAD; DJL shim off $(load)"
  echo "== DJL with S2L_MKL_VENDOR_SHIM=off (oneMKL as shipped: generic kernels on non-Intel CPUs), once"
  djl "$WORK/djl-shim-off.json" 0 S2L_MKL_VENDOR_SHIM=off
  OFF_ARGS=(--djl-shim-off "$WORK/djl-shim-off.json")
fi

SHIPPED_FILES=""
echo "== PyTorch as shipped (OpenBLAS's own core detection), once"
for t in ${THREADS//,/ }; do
  LOAD="$LOAD; torch shipped t=$t $(load)"
  "$PY" lm-core/bench/gpt_torch.py bench --threads "$t" --seconds "$SECS" --label shipped --out "$WORK/shipped-$t.json"
  SHIPPED_FILES="$SHIPPED_FILES,$WORK/shipped-$t.json"
done
LOAD="${LOAD#; }; end $(load)"

mkdir -p benchmarks
"$PY" lm-core/bench/merge.py --rounds "${ROUND_DIRS#,}" --torch-shipped "${SHIPPED_FILES#,}" "${OFF_ARGS[@]}" \
  --load "$LOAD" --best-settings "$BEST" --out benchmarks/lm-core.json
echo "raw outputs: $WORK"
