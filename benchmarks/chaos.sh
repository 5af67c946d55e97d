#!/usr/bin/env bash
# Chaos harness (the fault-tolerance issue). Runs a small study undisturbed, then the same spec under another id
# while it kill -9s every service process again and again at random points (trainer, evaluator, attribution,
# selector), restarts the Kafka broker and the MongoDB server once each, and sends malformed records of many kinds
# to every consumed topic. Then it compares the two studies run by run and writes a JSON summary (see BENCHMARKS.md).
#
#   benchmarks/chaos.sh [--light] [--kills N] [--distributions N] [--xs-tokens N] [--ref-tokens N] [--items N]
#                       [--rounds N] [--gap MIN-MAX] [--seed N] [--out FILE] [--keep-stack] [--no-server-restarts]
#
#   --light               ~2-3 minutes: 4 small runs, one trainer then one evaluator kill, no server restarts, each
#                         malformed kind once (topics taken in turn); the summary goes to the run folder unless --out
#   --kills N             kill -9s per service (default 5; light: trainer 1, evaluator 1, others 0)
#   --distributions N     training distributions (default 6, light 2); each is trained at two scales, xs and ref
#   --xs-tokens, --ref-tokens   token budgets of the two scales (default 409600 and 1638400: 200 and 800 steps;
#                         light 163840 and 491520)
#   --items N             evaluation items per suite (default 50, light 20)
#   --rounds N            rounds of malformed records, spread over the chaos (default 2, light 1)
#   --gap MIN-MAX         seconds between chaos events, drawn uniformly (default 1-5)
#   --seed N              seed of the random schedule (default: random; it is written to the summary)
#   --out FILE            the JSON summary (default benchmarks/chaos.json; light: the run folder's chaos.json)
#   --keep-stack          leave the stack running at the end (default: stop services and servers)
#   --no-server-restarts  skip the Kafka and MongoDB restarts
#
# Environment (all optional): S2L_STATE_DIR (default .state/chaos), KAFKA_PORT (29192), MONGO_PORT (47117),
# MONGO_BACKEND (h2; with "memory" the MongoDB restart is skipped, it would lose every document),
# TRAINER_PORT EVALUATOR_PORT ATTRIBUTION_PORT SELECTOR_PORT (18381-18384). The stack is bin/stack's.
# Exit status: 0 when every check passed, 1 when the summary lists problems, 2 on a usage error, 3 when the
# harness itself could not run (the stack did not start, the undisturbed study did not finish in time).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

LIGHT=0 KILLS="" DISTRIBUTIONS="" XS_TOKENS="" REF_TOKENS="" ITEMS="" ROUNDS="" GAP="1-5" SEED="" OUT="" KEEP=0
SERVER_RESTARTS=1
while (($#)); do
  case $1 in
    --light) LIGHT=1 ;;
    --kills) KILLS=${2:?}; shift ;;
    --distributions) DISTRIBUTIONS=${2:?}; shift ;;
    --xs-tokens) XS_TOKENS=${2:?}; shift ;;
    --ref-tokens) REF_TOKENS=${2:?}; shift ;;
    --items) ITEMS=${2:?}; shift ;;
    --rounds) ROUNDS=${2:?}; shift ;;
    --gap) GAP=${2:?}; shift ;;
    --seed) SEED=${2:?}; shift ;;
    --out) OUT=${2:?}; shift ;;
    --keep-stack) KEEP=1 ;;
    --no-server-restarts) SERVER_RESTARTS=0 ;;
    -h|--help) usage ;;
    *) echo "chaos: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
if ((LIGHT)); then
  : "${DISTRIBUTIONS:=2}" "${XS_TOKENS:=163840}" "${REF_TOKENS:=491520}" "${ITEMS:=20}" "${ROUNDS:=1}"
  SERVER_RESTARTS=0
else
  : "${DISTRIBUTIONS:=6}" "${XS_TOKENS:=409600}" "${REF_TOKENS:=1638400}" "${ITEMS:=50}" "${ROUNDS:=2}"
fi
for n in "$DISTRIBUTIONS" "$XS_TOKENS" "$REF_TOKENS" "$ITEMS" "$ROUNDS" ${KILLS:+"$KILLS"} ${SEED:+"$SEED"}; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "chaos: '$n' is not a whole number" >&2; exit 2; }
done
[[ $GAP =~ ^([0-9]+)-([0-9]+)$ ]] && ((BASH_REMATCH[1] <= BASH_REMATCH[2])) \
  || { echo "chaos: --gap wants MIN-MAX seconds, e.g. 2-8, not '$GAP'" >&2; exit 2; }
GAP_MIN=${BASH_REMATCH[1]} GAP_MAX=${BASH_REMATCH[2]}
((DISTRIBUTIONS >= 1 && DISTRIBUTIONS <= 6)) || { echo "chaos: --distributions must be 1-6" >&2; exit 2; }
SEED=${SEED:-$((RANDOM * 32768 + RANDOM))}
RANDOM=$SEED

export S2L_STATE_DIR="${S2L_STATE_DIR:-$ROOT/.state/chaos}"
export KAFKA_PORT="${KAFKA_PORT:-29192}" MONGO_PORT="${MONGO_PORT:-47117}" MONGO_BACKEND="${MONGO_BACKEND:-h2}"
export TRAINER_PORT="${TRAINER_PORT:-18381}" EVALUATOR_PORT="${EVALUATOR_PORT:-18382}"
export ATTRIBUTION_PORT="${ATTRIBUTION_PORT:-18383}" SELECTOR_PORT="${SELECTOR_PORT:-18384}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
MONGO_URI="mongodb://127.0.0.1:$MONGO_PORT"
EVALUATOR="http://127.0.0.1:$EVALUATOR_PORT"
SERVICES=(trainer-service evaluator-service attribution-service selector-service)
MAX_ATTEMPTS=5          # the services' default max-attempts: a run that loses its worker this often is failed
STUDY_TIMEOUT=${S2L_CHAOS_STUDY_TIMEOUT:-1800}

stamp=$(date -u +%Y%m%d%H%M%S)
RUN_DIR="$S2L_STATE_DIR/chaos-runs/$stamp"
mkdir -p "$RUN_DIR"
((LIGHT)) && OUT=${OUT:-$RUN_DIR/chaos.json}
OUT=${OUT:-$ROOT/benchmarks/chaos.json}
KILL_LOG="$RUN_DIR/kills.log" LEDGER="$RUN_DIR/ledger.jsonl" WATCH_LOG="$RUN_DIR/watch.jsonl"
SNAPSHOT="$RUN_DIR/held.tsv" STOP_WATCH="$RUN_DIR/watch.stop" STACK_LOG="$RUN_DIR/stack.log"
: >"$KILL_LOG"; : >"$LEDGER"; : >"$SNAPSHOT"
now_ms() { date +%s%3N; }
say() { printf '[chaos %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

command -v kcat >/dev/null || { echo "chaos: kcat is not installed (apt-get install kcat)" >&2; exit 3; }

# ------------------------------------------------------------------ the Java half (benchmarks/ChaosTool.java)
# Class path: the trainer's runtime jars (Kafka and MongoDB clients, contracts), test-support's PoisonRecord, and
# the JSON Schema validator the contracts' tests use, so a payload is only called malformed when it breaks its
# schema or the contracts' decoder. The JBoss slf4j binding is left out: it needs the Quarkus log manager.
TOOL_DIR="$S2L_STATE_DIR/chaos-tool"
build_tool() {
  local lib="$ROOT/trainer-service/target/quarkus-app/lib/main" support
  support=$(ls "$ROOT"/test-support/target/test-support-*.jar 2>/dev/null | grep -v -- '-sources\|-tests' | head -n 1)
  if [[ ! -d $lib || -z $support ]]; then
    say "building the trainer and test-support jars (mvn package) ..."
    (mvn -o -q -B -ntp -DskipTests package -pl trainer-service,test-support -am || mvn -q -B -ntp -DskipTests package \
      -pl trainer-service,test-support -am) >"$RUN_DIR/mvn.log" 2>&1 || { echo "chaos: the build failed; see $RUN_DIR/mvn.log" >&2; return 1; }
    support=$(ls "$ROOT"/test-support/target/test-support-*.jar | grep -v -- '-sources\|-tests' | head -n 1)
  fi
  mkdir -p "$TOOL_DIR"
  local schema_cp="$TOOL_DIR/contracts-test.classpath"
  if [[ ! -s $schema_cp || $ROOT/contracts/pom.xml -nt $schema_cp ]]; then
    mvn -o -q -B -ntp dependency:build-classpath -pl contracts -Dmdep.includeScope=test -Dmdep.outputFile="$schema_cp" \
      >"$RUN_DIR/mvn-classpath.log" 2>&1 || : >"$schema_cp"
  fi
  TOOL_CP="$(ls "$lib"/*.jar | grep -v slf4j-jboss-logmanager | tr '\n' ':')$support:$(tr ':' '\n' <"$schema_cp" \
    | grep -E 'json-schema-validator|/itu-' | tr '\n' ':')$TOOL_DIR/classes"
  if [[ ! -f $TOOL_DIR/classes/ChaosTool.class || $ROOT/benchmarks/ChaosTool.java -nt $TOOL_DIR/classes/ChaosTool.class ]]; then
    rm -rf "$TOOL_DIR/classes"
    javac -nowarn -cp "$TOOL_CP" -d "$TOOL_DIR/classes" "$ROOT/benchmarks/ChaosTool.java" || return 1
  fi
}
tool() { java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$TOOL_CP" ChaosTool "$@"; }

# ------------------------------------------------------------------ stack, studies
WATCH_PID="" POISON_PIDS=()
cleanup() {
  [[ -n $WATCH_PID ]] && { touch "$STOP_WATCH"; wait "$WATCH_PID" 2>/dev/null; }
  local p; for p in "${POISON_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  if ((KEEP)); then say "the stack keeps running (S2L_STATE_DIR=$S2L_STATE_DIR; stop it with bin/stack stop)"
  else bin/stack stop >>"$STACK_LOG" 2>&1; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

write_spec() { # id file
  local names=(prose code reference news technical mixed)
  local mixes=("{fiction: 1, brown: 1}" "{code_java: 1, code_python: 1}" "{dictionary: 1, glossary: 1}"
    "{brown: 2, dictionary: 1}" "{code_python: 1, glossary: 1}" "{fiction: 1, code_java: 1, glossary: 1}")
  {
    echo "id: $1"
    echo "description: chaos harness study; the same spec runs undisturbed and under chaos"
    echo "corpus: demo"
    echo "distributions:"
    local i; for ((i = 0; i < DISTRIBUTIONS; i++)); do
      echo "  - name: ${names[i]}"; echo "    mixture: ${mixes[i]}"
    done
    cat <<YAML
scales:
  - name: xs
    model: {d_model: 16, layers: 1, heads: 2, context: 64}
    tokens: $XS_TOKENS
  - name: ref
    model: {d_model: 32, layers: 1, heads: 2, context: 64}
    tokens: $REF_TOKENS
reference: ref
seeds: [0]
evaluation:
  suites: [heldout, lastword, wordnet_cloze, wordnet_definition, capitals, sentiment]
  max_items_per_suite: $ITEMS
YAML
  } >"$2"
}

study_complete() { curl -sf --max-time 5 "$EVALUATOR/studies/$1/report" 2>/dev/null | grep -Eq '"complete": *true'; }

# Brings back every service that is not running (bin/stack start restarts only those) and logs when each killed
# one answers its readiness check again. A start can meet the dead process's port not yet free: it is retried.
restore_stack() { # services that were killed
  local s try w
  for try in 1 2 3; do
    if bin/stack start >>"$STACK_LOG" 2>&1; then adopt_orphans || break
    else adopt_orphans; say "bin/stack start reported a problem (try $try); see $STACK_LOG"; sleep 2; fi
  done
  for s in "$@"; do
    for ((w = 0; w < 180; w++)); do ready_port "$(port_of "$s")" && { echo "ready $(now_ms) $s" >>"$KILL_LOG"; break; }; sleep 1; done
  done
}
# bin/stack start can lose the pid file of a service it has just started: its readiness wait checks the new pid's
# command line, which on a loaded machine can still be the shell's before the exec of java, calls the pid stale
# and deletes the file, and the next start finds the port taken. The service runs; the harness writes the pid file
# back (logged as "adopted", reported apart from the services' own problems).
adopt_orphans() { # returns 0 when it wrote a pid file back
  local s pid found=1
  for s in "${SERVICES[@]}"; do
    alive "$(service_pid "$s")" && continue
    pid=$(ss -ltnpH "sport = :$(port_of "$s")" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
    if [[ -n $pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$s/target/quarkus-app"; then
      echo "$pid" >"$S2L_STATE_DIR/services/$s.pid"
      echo "adopted $(now_ms) $s $pid" >>"$KILL_LOG"
      say "$s (pid $pid) runs but bin/stack lost its pid file; written back"
      found=0
    fi
  done
  return $found
}
port_of() { case $1 in trainer-service) echo "$TRAINER_PORT" ;; evaluator-service) echo "$EVALUATOR_PORT" ;;
  attribution-service) echo "$ATTRIBUTION_PORT" ;; selector-service) echo "$SELECTOR_PORT" ;; esac; }
ready_port() { curl -sf --max-time 3 "http://127.0.0.1:$1/q/health/ready" 2>/dev/null | grep -q '"UP"'; }

# Each service process's log, kept in the run folder as <service>-<pid>.log (evidence for the summary).
keep_logs() { local s pid; mkdir -p "$RUN_DIR/logs"
  for s in "$@"; do pid=$(service_pid "$s"); [[ -n $pid ]] && cp -f "$S2L_STATE_DIR/services/$s.log" "$RUN_DIR/logs/$s-$pid.log" 2>/dev/null; done
  return 0; }

service_pid() { cat "$S2L_STATE_DIR/services/$1.pid" 2>/dev/null; }
alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# A process found dead that the harness did not kill is a finding; it is logged and brought back.
check_unexpected() {
  local s dead=()
  adopt_orphans
  for s in "${SERVICES[@]}"; do
    alive "$(service_pid "$s")" || { echo "unexpected $(now_ms) $s" >>"$KILL_LOG"; dead+=("$s"); say "$s died on its own"; }
  done
  ((${#dead[@]})) && restore_stack "${dead[@]}"
  return 0
}

# "count max-attempts" of the work a process has in hand, from the watcher's snapshot: the runs it holds (worker
# names are host-pid/slot) and, for the one evaluator, the evaluations waiting for it.
held_by() { # collection pid
  awk -F'\t' -v c="$1" -v p="$2" '
    $1 == c && ($3 == "pending" || (($3 == "running" || $3 == "evaluating") && $4 ~ ("-" p "/[0-9]+$"))) { n++; if ($5 > m) m = $5 }
    END { print n + 0, m + 0 }' "$SNAPSHOT"
}
collection_of() { case $1 in trainer-service) echo runs ;; evaluator-service) echo eval_runs ;; *) echo none ;; esac; }

gap() { sleep "$((GAP_MIN + RANDOM % (GAP_MAX - GAP_MIN + 1))).$((RANDOM % 10))"; }

poison_round() { # round
  tool poison --bootstrap "$BOOTSTRAP" --mongo "$MONGO_URI" --study "$CHAOS_ID" --round "$1" --ledger "$LEDGER" \
    --one-topic-per-kind "$([[ $LIGHT == 1 ]] && echo true || echo false)" >>"$RUN_DIR/poison.log" 2>&1 &
  POISON_PIDS+=($!)
}

# ------------------------------------------------------------------ run
say "run folder $RUN_DIR, seed $SEED, state $S2L_STATE_DIR, Kafka $BOOTSTRAP, MongoDB $MONGO_URI"
started=$(now_ms)
load_start=$(cut -d' ' -f1 /proc/loadavg)
build_tool || exit 3
say "starting the stack (bin/stack start) ..."
bin/stack start >>"$STACK_LOG" 2>&1 || { adopt_orphans && bin/stack start >>"$STACK_LOG" 2>&1; } \
  || { echo "chaos: the stack did not start; see $STACK_LOG" >&2; tail -n 20 "$STACK_LOG" >&2; exit 3; }
backend=$(cat "$S2L_STATE_DIR/mongo/backend" 2>/dev/null || echo "$MONGO_BACKEND")

BASE_ID="chaos-base-$stamp" CHAOS_ID="chaos-$stamp"
write_spec "$BASE_ID" "$RUN_DIR/$BASE_ID.yaml"
write_spec "$CHAOS_ID" "$RUN_DIR/$CHAOS_ID.yaml"
tool watch --mongo "$MONGO_URI" --studies "$BASE_ID,$CHAOS_ID" --out "$WATCH_LOG" --snapshot "$SNAPSHOT" \
  --stop "$STOP_WATCH" >>"$RUN_DIR/watch.err" 2>&1 &
WATCH_PID=$!

await_study() { # id what
  local deadline=$((SECONDS + STUDY_TIMEOUT))
  until study_complete "$1"; do
    ((SECONDS < deadline)) || { echo "chaos: $2 study $1 not complete after ${STUDY_TIMEOUT}s" >&2; return 1; }
    check_unexpected
    sleep 2
  done
}

say "undisturbed study $BASE_ID ($((DISTRIBUTIONS * 2)) runs) ..."
t0=$SECONDS
kcat -P -b "$BOOTSTRAP" -t s2l.studies -k "$BASE_ID" "$RUN_DIR/$BASE_ID.yaml" || exit 3
await_study "$BASE_ID" undisturbed || exit 3
base_s=$((SECONDS - t0))
say "undisturbed study complete in ${base_s}s"

# The chaos schedule. Primary events, shuffled with the seed: the trainer and evaluator kills and the server
# restarts (those in the first half). The kills of the two skeleton services (attribution, selector: no work to lose, they must only come
# back) ride along with primary events chosen at random, at the same moment, so they add no restart cycles; riders
# beyond the number of primary events become events of their own at the end.
shuffled() { local a=("$@") i j t; for ((i = ${#a[@]} - 1; i > 0; i--)); do
  j=$((RANDOM % (i + 1))); t=${a[i]}; a[i]=${a[j]}; a[j]=$t; done; echo "${a[@]}"; }
if ((LIGHT)) && [[ -z $KILLS ]]; then
  events=(trainer-service evaluator-service) # in this order, or the short study could end before the trainer kill
  skeleton_kills=0
else
  events=(); for ((n = 0; n < ${KILLS:-5}; n++)); do events+=(trainer-service evaluator-service); done
  skeleton_kills=${KILLS:-5}
fi
((LIGHT)) && [[ -z $KILLS ]] || read -r -a events <<<"$(shuffled "${events[@]}")"
# The server restarts go at random places in the first half of the schedule: the study is sure to be running.
restart_note=""
servers=()
if ((SERVER_RESTARTS)); then
  servers+=(kafka)
  if [[ $backend == memory ]]; then restart_note="MongoDB restart skipped: the memory backend would lose every document"
  else servers+=(mongo); fi
fi
for srv in "${servers[@]}"; do
  at=$((RANDOM % (${#events[@]} / 2 + 1)))
  events=("${events[@]:0:at}" "$srv" "${events[@]:at}")
done
primary_count=${#events[@]}
riders=()
for s in attribution-service selector-service; do
  read -r -a picks <<<"$(shuffled $(seq 0 $((primary_count - 1))))"
  for ((n = 0; n < skeleton_kills; n++)); do
    if ((n < primary_count)); then riders[picks[n]]="${riders[picks[n]]:-} $s"; else events+=("$s"); fi
  done
done
say "chaos study $CHAOS_ID: ${#events[@]} events (${events[*]}); attribution and selector ride along with $skeleton_kills of them each"

# Items of a collection not yet done (both studies are in the snapshot; the undisturbed one is all done).
unfinished() { awk -F'\t' -v c="$1" '$1 == c && $3 != "completed" && $3 != "evaluated" && $3 != "failed" { n++ }
  END { print n + 0 }' "$SNAPSHOT"; }

kill_and_restore() { # services
  local v pid pids=() w
  for v in "$@"; do
    pid=$(service_pid "$v")
    if alive "$pid"; then kill -9 "$pid" && echo "kill $(now_ms) $v $pid" >>"$KILL_LOG" && pids+=("$pid")
    else echo "unexpected $(now_ms) $v" >>"$KILL_LOG"; say "$v was already dead"; fi
  done
  # The kernel takes a moment to reap a killed JVM and free its port; bin/stack would call the port taken.
  for pid in "${pids[@]}"; do for ((w = 0; w < 100; w++)); do alive "$pid" || break; sleep 0.1; done; done
  keep_logs "$@" # bin/stack keeps only one previous log per service
  for v in "$@"; do
    for ((w = 0; w < 50; w++)); do ss -ltnH "sport = :$(port_of "$v")" 2>/dev/null | grep -q . || break; sleep 0.2; done
  done
  restore_stack "$@"
}

t0=$SECONDS
kcat -P -b "$BOOTSTRAP" -t s2l.studies -k "$CHAOS_ID" "$RUN_DIR/$CHAOS_ID.yaml" || exit 3
rounds_started=0
deferrals=0
after_completion=0
i=0
while ((i < ${#events[@]})); do
  # Rounds of malformed records, spread over the schedule (the first as the study starts).
  while ((rounds_started < ROUNDS && i >= rounds_started * primary_count / ROUNDS)); do
    rounds_started=$((rounds_started + 1)); poison_round "${stamp}r$rounds_started"
    say "malformed records: round $rounds_started sent in the background"
  done
  gap
  ev=${events[i]}
  read -r -a ride <<<"${riders[i]:-}"
  study_complete "$CHAOS_ID" && after_completion=$((after_completion + 1))
  case $ev in
    kafka|mongo)
      say "restarting $ev (infra/servers.sh restart $ev)${ride[*]:+, then kill -9 ${ride[*]}}"
      t1=$(now_ms); infra/servers.sh restart "$ev" >>"$STACK_LOG" 2>&1; rc=$?
      echo "restart $t1 $(now_ms) $ev $rc" >>"$KILL_LOG"
      ((rc == 0)) || say "restarting $ev failed (rc $rc); see $STACK_LOG"
      ((${#ride[@]})) && kill_and_restore "${ride[@]}"
      ;;
    *)
      check_unexpected
      coll=$(collection_of "$ev") count=0 attempts=0
      if [[ $coll != none ]]; then
        # Aim at work in flight: while the study still has work for this service, wait (a minute at most) until
        # the process holds some, then strike at a random moment.
        for ((w = 0; w < 120; w++)); do
          read -r count attempts <<<"$(held_by "$coll" "$(service_pid "$ev")")"
          ((count > 0)) && break
          (($(unfinished runs) + $([[ $coll == eval_runs ]] && unfinished eval_runs || echo 0) > 0)) || break
          sleep 0.5
        done
        # A random point in the work: up to 10 s into a training run (checkpoints come every 200 steps, about
        # 15 s here; light: up to 4 s, its runs are short), under a second into an evaluation (they are short).
        if [[ $coll == runs ]]; then sleep "$((RANDOM % (LIGHT ? 4 : 10))).$((RANDOM % 10))"; else sleep "0.$((RANDOM % 10))"; fi
        read -r count attempts <<<"$(held_by "$coll" "$(service_pid "$ev")")"
        # Stay under the services' max-attempts: one more loss would end that run as failed, by design.
        if ((attempts >= MAX_ATTEMPTS - 1 && deferrals < 20)); then
          say "$ev holds a run on attempt $attempts; this kill waits"
          events+=("$ev"); riders[${#events[@]} - 1]="${riders[i]:-}"; deferrals=$((deferrals + 1)); i=$((i + 1))
          continue
        fi
      fi
      say "kill -9 $ev${ride[*]:+ ${ride[*]}} (work in hand: $count); restarting"
      kill_and_restore "$ev" "${ride[@]}"
      ;;
  esac
  i=$((i + 1))
done
say "chaos events done after $((SECONDS - t0))s; waiting for the study to complete"
await_study "$CHAOS_ID" chaos; study_ok=$?
chaos_s=$((SECONDS - t0))
for p in "${POISON_PIDS[@]}"; do wait "$p" || say "a round of malformed records failed; see $RUN_DIR/poison.log"; done
POISON_PIDS=()
check_unexpected
keep_logs "${SERVICES[@]}"
touch "$STOP_WATCH"; wait "$WATCH_PID"; WATCH_PID=""
say "chaos study done in ${chaos_s}s (undisturbed ${base_s}s); checking"

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
settings=$(printf '{"light": %s, "seed": %s, "distributions": %s, "runs": %s, "xs_tokens": %s, "ref_tokens": %s, "items_per_suite": %s, "malformed_rounds": %s, "gap_s": "%s", "kills_per_service_asked": %s, "cpu": "%s", "cpus": %s, "load_average_start": %s, "load_average_end": %s, "undisturbed_study_s": %s, "chaos_study_s": %s, "harness_s": %s, "events_after_study_completed": %s, "kills_deferred_for_max_attempts": %s, "mongo_backend": "%s", "note": "%s", "run_folder": "%s"}' \
  "$([[ $LIGHT == 1 ]] && echo true || echo false)" "$SEED" "$DISTRIBUTIONS" "$((DISTRIBUTIONS * 2))" "$XS_TOKENS" \
  "$REF_TOKENS" "$ITEMS" "$ROUNDS" "$GAP" "${KILLS:-$([[ $LIGHT == 1 ]] && echo '"trainer 1, evaluator 1"' || echo 5)}" \
  "$cpu" "$(nproc)" "$load_start" "$(cut -d' ' -f1 /proc/loadavg)" "$base_s" "$chaos_s" "$((($(now_ms) - started) / 1000))" \
  "$after_completion" "$deferrals" "$backend" "$restart_note" "$RUN_DIR")
services=""
for s in "${SERVICES[@]}"; do services+="${services:+,}$s=http://127.0.0.1:$(port_of "$s")"; done
tool report --mongo "$MONGO_URI" --bootstrap "$BOOTSTRAP" --evaluator "$EVALUATOR" --study "$CHAOS_ID" \
  --baseline "$BASE_ID" --ledger "$LEDGER" --kills "$KILL_LOG" --watch "$WATCH_LOG" --services "$services" \
  --logs "$RUN_DIR/logs" \
  --settings "$settings" --out "$OUT" 2>>"$RUN_DIR/report.err"
rc=$?
say "summary: $OUT (run folder $RUN_DIR, $((($(now_ms) - started) / 1000))s in all)"
((rc == 0)) || exit 3
((study_ok == 0)) || exit 1
grep -q '"passed" : true' "$OUT" && exit 0
exit 1
