#!/usr/bin/env bash
# Measures the quick study end to end on the local stack and writes benchmarks/quick-study.json.
# The build, the corpus and the stack are made ready first and not timed ("after the build"); the study runs
# under a fresh id, so every run is trained and scored. Usage: benchmarks/quick-study.sh [SPEC]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SPEC="${1:-examples/quick.yaml}"
id="quick-bench-$(date -u +%Y%m%d%H%M%S)"
spec="$(mktemp --suffix=.yaml)"
sed "s/^id: .*/id: $id/" "$SPEC" > "$spec"

[ -f data/corpus/manifest.json ] || bin/data build
bin/stack start

start=$(date +%s.%N)
./study run "$spec"
end=$(date +%s.%N)
wall=$(awk "BEGIN { print $end - $start }")

# Training and scoring seconds per run, read from the services' own records in MongoDB (the driver ships with
# the trainer). They are summed over runs, so with several workers they can exceed the wall time.
java -cp "trainer-service/target/quarkus-app/lib/main/*" benchmarks/QuickStudyFigures.java \
  "${QUARKUS_MONGODB_CONNECTION_STRING:-mongodb://127.0.0.1:27017}" "$id" "$wall" "$SPEC" > benchmarks/quick-study.json
cat benchmarks/quick-study.json
rm -f "$spec"
