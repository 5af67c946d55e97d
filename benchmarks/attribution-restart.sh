#!/usr/bin/env bash
# Kills the attribution service in the middle of featurizing and restarts it: the attribution must complete with
# the same scores as an undisturbed one. Runs a copy of an already completed attribution under a new id: its models'
# study gets new run ids, but training is deterministic (same data, seed and thread count), so the models and the
# scores must agree with the original's up to float rounding (featurizing resumes in other batches).
#   benchmarks/attribution-restart.sh [ORIGINAL_ID] [SPEC]     defaults: attr-quick examples/attribution-quick.yaml
# Needs the local stack running (./study attribute SPEC first) and kcat.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
original="${1:-attr-quick}"
spec="${2:-examples/attribution-quick.yaml}"
state="${S2L_STATE_DIR:-$ROOT/.state}"
url="http://127.0.0.1:${ATTRIBUTION_PORT:-8083}/attributions"
copy="$original-restart-$(date -u +%H%M%S)"
status() { curl -fsS "$url/$1" 2>/dev/null | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["status"], v.get("progress") or "")' 2>/dev/null || echo "unknown"; }

[[ "$(status "$original")" == completed* ]] || { echo "attribution $original is not completed here; run ./study attribute $spec first"; exit 1; }
sed "s/^attribution_id: .*/attribution_id: $copy/" "$spec" > "$state/$copy.yaml"
kcat -P -b "127.0.0.1:${KAFKA_PORT:-9092}" -t s2l.attributions -k "$copy" "$state/$copy.yaml"
echo "published $copy; waiting for it to start featurizing"
until [[ "$(status "$copy")" == computing*featurized* ]]; do sleep 0.5; done
pid=$(cat "$state/services/attribution-service.pid")
echo "killing the attribution service (pid $pid) at: $(status "$copy")"
kill -KILL "$pid"
sleep 2
bin/stack start > /dev/null
echo "restarted; waiting for $copy to complete"
for _ in $(seq 1 600); do
  s=$(status "$copy")
  [[ "$s" == completed* || "$s" == failed* ]] && break
  sleep 1
done
echo "$copy: $s"
[[ "$s" == completed* ]] || exit 1
python3 - "$state/attribution/$original" "$state/attribution/$copy" <<'PY'
import os, struct, sys
a_dir, b_dir = sys.argv[1], sys.argv[2]
worst = 0.0
for scale in sorted(os.listdir(a_dir)):
    fa, fb = os.path.join(a_dir, scale, "scores.f64"), os.path.join(b_dir, scale, "scores.f64")
    if not os.path.isfile(fa):
        continue
    da, db = open(fa, "rb").read(), open(fb, "rb").read()
    t, n = struct.unpack("<ii", da[:8])
    xa = struct.unpack("<%dd" % (t * n), da[16:])
    xb = struct.unpack("<%dd" % (t * n), db[16:])
    scale_max = max(abs(v) for v in xa)
    diff = max(abs(p - q) for p, q in zip(xa, xb)) / scale_max
    worst = max(worst, diff)
    print("%s: %d x %d scores, largest difference %.2e of the largest score" % (scale, t, n, diff))
assert worst < 1e-4, "scores differ by %.2e" % worst
print("same scores after a kill and restart (largest relative difference %.2e)" % worst)
PY
