#!/usr/bin/env bash
# Kills the selector service with SIGKILL while a selection waits for DsDm's scores and again while it waits for
# its training study, restarting it each time: the selection must complete, its selections must be the ones made
# before the kills, and nothing it publishes may be repeated (one attribution request, one training study, one
# completion on Kafka).
#   benchmarks/selection-restart.sh [SPEC]     default: a small selection (two proxy scales, ensembles of 2)
# Needs the local stack running (bin/stack start, or any ./study command) and kcat.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
state="${S2L_STATE_DIR:-$ROOT/.state}"
kafka="127.0.0.1:${KAFKA_PORT:-9092}"
url="http://127.0.0.1:${SELECTOR_PORT:-8084}/selections"
id="sel-restart-$(date -u +%H%M%S)"
spec="$state/$id.yaml"
if [[ $# -ge 1 ]]; then
  sed "s/^selection_id: .*/selection_id: $id/" "$1" > "$spec"
else
  cat > "$spec" <<YAML
selection_id: $id
corpus: demo
pool: {mixture: {fiction: 1, speeches: 1, code_java: 1, email: 1}, size: 48, seed: 4}
task: {suite: lastword, targets: 20, holdout: 40}
size: 16
methods: [dsdm, dsdm_worst, dsir, classifier, random]
proxy_scales:
  - {name: tiny, model: {d_model: 16, layers: 1, heads: 2, context: 32}, tokens: 20480}
  - {name: small, model: {d_model: 32, layers: 1, heads: 2, context: 32}, tokens: 20480}
reference: {name: ref, model: {d_model: 32, layers: 2, heads: 2, context: 32}, tokens: 40960}
random_selections: 2
dsdm: {ensemble: 2, projection: {kind: factored, k: 128, seed: 0}, ridge_lambda: 1.0, output: margin}
training: {batch_size: 16, learning_rate: 0.003, warmup_fraction: 0.1, weight_decay: 0.1, grad_clip: 1.0}
YAML
fi
status() { curl -fsS "$url/$1" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || echo unknown; }
# every selection made so far: name -> its documents
selections() {
  python3 - "$url/$1" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
names = json.load(urllib.request.urlopen(base))["selections"]
print(json.dumps({n: json.load(urllib.request.urlopen(base + "/selections/" + n))["documents"] for n in names},
                 sort_keys=True))
PY
}
kill_selector() {
  local pid
  pid=$(cat "$state/services/selector-service.pid")
  echo "killing the selector (pid $pid) while $id is $(status "$id")"
  kill -KILL "$pid"
  sleep 2
  bin/stack start > /dev/null
  echo "restarted"
}
wait_for() {
  for _ in $(seq 1 900); do
    local s
    s=$(status "$id")
    [[ "$s" == "$1" || "$s" == completed || "$s" == failed ]] && { echo "$s"; return; }
    sleep 1
  done
  echo timeout
}

kcat -P -b "$kafka" -t s2l.selections -k "$id" "$spec"
echo "published $id"
[[ "$(wait_for waiting_for_scores)" == waiting_for_scores ]] || { echo "never waited for scores"; exit 1; }
before_scores=$(selections "$id")
kill_selector
[[ "$(wait_for waiting_for_models)" == waiting_for_models ]] || { echo "never waited for models"; exit 1; }
before_models=$(selections "$id")
kill_selector
s=$(wait_for completed)
echo "$id: $s"
[[ "$s" == completed ]] || { curl -fsS "$url/$id"; exit 1; }
after=$(selections "$id")
python3 - "$before_scores" "$before_models" "$after" <<'PY'
import json, sys
scores, models, after = (json.loads(a) for a in sys.argv[1:])
baselines = {k: v for k, v in after.items() if not k.startswith("dsdm")}
assert scores == baselines, "baseline selections changed across the first restart: %s vs %s" % (scores, baselines)
assert models == after, "selections changed across the second restart"
print("selections unchanged across both restarts: %s" % ", ".join("%s (%d documents)" % (k, len(v))
      for k, v in sorted(after.items())))
PY
count() { kcat -C -b "$kafka" -t "$1" -o beginning -e -q -f '%k\n' 2>/dev/null | grep -cx "$2" || true; }
n_attr=$(count s2l.attributions "$id-dsdm")
n_study=$(count s2l.studies "$id-train")
n_done=$(count s2l.selection-events "$id")
echo "records on Kafka: attribution requests $n_attr, training studies $n_study, selection events $n_done"
[[ "$n_attr" == 1 && "$n_study" == 1 && "$n_done" == 1 ]] || { echo "a step was repeated"; exit 1; }
echo "restart check passed"
