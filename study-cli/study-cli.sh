#!/usr/bin/env bash
# What `./study run|status|stop|report` do (the study launcher calls this):
#   run SPEC      check the study, build the corpus and start the stack when needed, submit, follow to the results
#   status [ID]   the stack's servers and services; with a study id, its runs as the trainer has them
#   stop          stop the services and the servers (data is kept)
#   report ID     print the study's results table and save its HTML report under .state/reports/
#   follow ID     follow a study submitted another way (REST, kcat) without submitting it
#   attribute FILE   submit an attribution (TRAK scores checked by LDS; examples/attribution-quick.yaml), follow it
#   attribution ID   follow an attribution, or print its results table once done
#   select FILE      submit a selection (DsDm with proxies against baselines; examples/selection-quick.yaml), follow it
#   selection ID     follow a selection, or print its results table once done
# Builds this module (and its classpath file) first when missing or older than its sources.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/study-cli/target"
JAR="$TARGET/study-cli-0.1.0-SNAPSHOT.jar"
CP_FILE="$TARGET/runtime-classpath.txt"

stale() {
  [ ! -f "$JAR" ] || [ ! -f "$CP_FILE" ] || \
    [ -n "$(find "$ROOT/study-cli/src/main" "$ROOT/study-cli/pom.xml" "$ROOT/contracts/src/main" \
              "$ROOT/study-spec/src/main" -newer "$JAR" -print -quit)" ]
}

# The java command line of this module's main class, built first when needed (in JAVA_CMD).
prepare() {
  if stale; then
    command -v mvn >/dev/null || { echo "error: mvn (Maven) is needed to build the study command" >&2; exit 1; }
    echo "building the study command ..." >&2
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl study-cli -am install -DskipTests \
       && mvn -B -q -Dstyle.color=never -pl study-cli dependency:build-classpath -Dmdep.outputFile="$CP_FILE" \
            -Dmdep.includeScope=runtime) >&2
    touch "$JAR"
  fi
  local tty=0
  [ -t 1 ] && tty=1
  JAVA_CMD=(env S2L_TTY=$tty java -Ds2l.root="$ROOT" -cp "$JAR:$(cat "$CP_FILE")" org.smalltolarge.cli.Main)
}

cli() { prepare; "${JAVA_CMD[@]}" "$@"; }

# A relative SPEC is taken from the caller's folder when it is there, else from the repository root.
spec_path() {
  local caller="${S2L_CALLER_DIR:-$PWD}"
  case "$1" in
    /*) echo "$1" ;;
    *) if [ -e "$caller/$1" ]; then echo "$caller/$1"; else echo "$ROOT/$1"; fi ;;
  esac
}

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Corpus and stack first (each only when missing), then the CLI submits FILE with COMMAND and follows it.
submit() {
  local command=$1 spec
  spec=$(spec_path "$2")
  if [ ! -f "$ROOT/data/corpus/manifest.json" ]; then
    echo "building the demo corpus (about a minute, once) ..."
    "$ROOT/bin/data" build
  fi
  "$ROOT/bin/stack" start
  prepare
  exec "${JAVA_CMD[@]}" "$command" "$spec"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  run)
    [ $# -eq 1 ] || usage
    spec=$(spec_path "$1")
    cli check "$spec"
    submit run "$1" ;;
  status)
    [ $# -le 1 ] || usage
    rc=0
    "$ROOT/bin/stack" status || rc=$?
    if [ $# -eq 1 ]; then echo; cli status "$1" || rc=$?; fi
    exit $rc ;;
  stop) [ $# -eq 0 ] || usage; exec "$ROOT/bin/stack" stop ;;
  report) [ $# -eq 1 ] || usage; prepare; exec "${JAVA_CMD[@]}" report "$1" ;;
  follow) [ $# -eq 1 ] || usage; prepare; exec "${JAVA_CMD[@]}" follow "$1" ;;
  attribute) [ $# -eq 1 ] || usage; submit attribute "$1" ;;
  attribution) [ $# -eq 1 ] || usage; prepare; exec "${JAVA_CMD[@]}" attribution "$1" ;;
  select) [ $# -eq 1 ] || usage; submit select "$1" ;;
  selection) [ $# -eq 1 ] || usage; prepare; exec "${JAVA_CMD[@]}" selection "$1" ;;
  *) usage ;;
esac
