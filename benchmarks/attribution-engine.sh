#!/usr/bin/env bash
# Attribution engine benchmark: featurizing examples/s (per-example gradients + projection) for both projections,
# beside training examples/s of the same models, and the PyTorch anchor (functorch vmap + dense projection, as
# TRAK does on CPU). ~15 minutes on 2 cores with the defaults.
#   benchmarks/attribution-engine.sh
#   SECONDS_PER_RUN=4 THREADS=1,2 CONFIGS=0.2M,1M,5M DIMS=1024,2048,4096 ANCHOR_CONFIGS=1M benchmarks/attribution-engine.sh
# Writes benchmarks/attribution-engine.json and prints a table. Installs python3-torch with apt if missing (root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SECS=${SECONDS_PER_RUN:-4}
THREADS=${THREADS:-1,2}
CONFIGS=${CONFIGS:-0.2M,1M,5M}
DIMS=${DIMS:-1024,2048,4096}
ANCHOR_CONFIGS=${ANCHOR_CONFIGS:-1M}
ANCHOR_DIMS=${ANCHOR_DIMS:-2048}
WORK=$(mktemp -d /tmp/attribution-engine.XXXXXX)
PY=/usr/bin/python3

echo "== build"
mvn -B -q -ntp -pl lm-core install -DskipTests
mvn -B -q -ntp -pl lm-core dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" > /dev/null
CP="lm-core/target/classes:$(cat "$WORK/cp.txt")"
if ! "$PY" -c 'import torch, functorch, numpy' 2> /dev/null; then
  echo "== installing python3-torch (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread > /dev/null
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== DJL"
OPT_OUT_TRACKING=true java -Xmx2g -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}" -cp "$CP" \
  org.smalltolarge.lm.bench.AttributionEngineBenchmark --out "$WORK/djl.json" --seconds "$SECS" \
  --threads "$THREADS" --configs "$CONFIGS" --dims "$DIMS" 2>&1 | grep -v -E 'SLF4J|LegacyTypeDispatch'

echo "== PyTorch anchor (tuned OpenBLAS as in lm-core/bench/run.sh)"
if grep -q avx512f /proc/cpuinfo; then CORETYPE=SkylakeX; else CORETYPE=Haswell; fi
ANCHORS=""
for t in ${THREADS//,/ }; do
  env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=$CORETYPE GOMP_SPINCOUNT=0 OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
    "$PY" lm-core/bench/per_example_torch.py --configs "$ANCHOR_CONFIGS" --dims "$ANCHOR_DIMS" --threads "$t" \
    --seconds "$SECS" --out "$WORK/anchor-$t.json"
  ANCHORS="$ANCHORS $WORK/anchor-$t.json"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p benchmarks
"$PY" - "$WORK/djl.json" "$LOAD_START" "$LOAD_END" $ANCHORS <<'PYEOF'
import json, sys
djl = json.load(open(sys.argv[1]))
anchors = [run for path in sys.argv[4:] for run in json.load(open(path))["runs"]]
anchor_engine = json.load(open(sys.argv[4]))["engine"] if len(sys.argv) > 4 else None
best_anchor = {}
for a in anchors:
    key = (a["config"], a["k"])
    if key not in best_anchor or a["examples_per_s"] > best_anchor[key]["examples_per_s"]:
        best_anchor[key] = a
for run in djl["runs"]:
    a = best_anchor.get((run["config"], run["k"]))
    if a:
        run["anchor_best_examples_per_s"] = a["examples_per_s"]
        run["over_anchor"] = run["featurize_examples_per_s"] / a["examples_per_s"]
djl["anchor"] = {"engine": anchor_engine, "runs": anchors}
djl["load_average"] = {"start": sys.argv[2], "end": sys.argv[3]}
json.dump(djl, open("benchmarks/attribution-engine.json", "w"), indent=2)
cpu = djl["cpu"]
print(f"\nCPU: {cpu.get('vendor')} {cpu.get('model_name')}, {cpu.get('logical_cpus')} logical CPUs, "
      f"flags {' '.join(cpu.get('flags', []))}; load {sys.argv[2]} -> {sys.argv[3]}\n")
print("| config | threads | projection | k | featurize ex/s | train ex/s | featurize / train | anchor (best threads) ex/s | / anchor |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for r in djl["runs"]:
    anchor = f"{r['anchor_best_examples_per_s']:.2f} | {r['over_anchor']:.0f}x" if "anchor_best_examples_per_s" in r else " | "
    print(f"| {r['config']} | {r['threads']} | {r['projection']} | {r['k']} | {r['featurize_examples_per_s']:.1f} | "
          f"{r['train_examples_per_s']:.1f} | {r['featurize_over_train']:.2f} | {anchor} |")
for a in anchors:
    print(f"anchor {a['config']} k={a['k']} {a['threads']} thread(s): vmap gradients {a['gradients_examples_per_s']:.2f} ex/s, "
          f"with projection {a['examples_per_s']:.2f} ex/s")
m = djl.get("memory", {})
print("memory:", ", ".join(f"{k} = {v:,}" for k, v in m.items()))
PYEOF
echo "raw outputs: $WORK"
