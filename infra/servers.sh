#!/usr/bin/env bash
# Starts and stops, on 127.0.0.1 only, a real Kafka broker (KRaft, single node), a MongoDB
# wire-protocol server (mongo-java-server) and an S3 API server (S3Proxy, filesystem backend) for
# local use, tests and CI. See infra/README.md.
#
#   infra/servers.sh {install|start|stop|restart|status|wipe} [kafka|mongo|s3|all]
#
# Exit codes: 0 ok | 1 a server failed to start or stop | 2 usage error | 3 status: not running
#             4 a port is taken by another process | 5 install failed
set -uo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$INFRA_DIR")
LIB_DIR="$INFRA_DIR/lib"

STATE_DIR=${S2L_STATE_DIR:-$REPO_DIR/.state}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_HEAP=${KAFKA_HEAP:-512m}
MONGO_PORT=${MONGO_PORT:-27017}
MONGO_BACKEND=${MONGO_BACKEND:-h2}
MONGO_HEAP=${MONGO_HEAP:-256m}
S3_PORT=${S3_PORT:-9000}
S3_HEAP=${S3_HEAP:-256m}
# the credentials S3Proxy accepts (clients sign with them as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
S3_ACCESS_KEY=${S3_ACCESS_KEY:-s2l-test}
S3_SECRET_KEY=${S3_SECRET_KEY:-s2l-test-secret}
START_TIMEOUT=${S2L_START_TIMEOUT:-120}
STOP_TIMEOUT=${S2L_STOP_TIMEOUT:-30}
HOST=127.0.0.1

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
else
  JAVA=java; JAVAC=javac
fi

now_ms() { date +%s%3N; }
say() { printf '%s\n' "$*"; }
err() { printf '%s\n' "$*" >&2; }

usage() {
  err "usage: $(basename "$0") {install|start|stop|restart|status|wipe} [kafka|mongo|s3|all]"
  err "settings (environment): S2L_STATE_DIR=$STATE_DIR KAFKA_PORT=$KAFKA_PORT MONGO_PORT=$MONGO_PORT MONGO_BACKEND=$MONGO_BACKEND S3_PORT=$S3_PORT"
  exit 2
}

# ---------------------------------------------------------------- install

# Jars are resolved into a temp folder and renamed into place, with the pom's checksum as the marker:
# a half-finished download never looks installed, and a changed pom triggers a fresh resolve.
install_jars() { # name
  local name=$1 pom="$INFRA_DIR/$1/pom.xml" dest="$LIB_DIR/$1"
  local want; want=$(sha256sum "$pom" | cut -d' ' -f1)
  if [[ -f "$dest/.installed" && "$(cat "$dest/.installed")" == "$want" ]]; then
    return 0
  fi
  say "$name: resolving jars with Maven into $dest ..."
  local tmp="$dest.tmp.$$"
  rm -rf "$tmp"
  if ! mvn -B -q -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.mvn.log" 2>&1; then
    err "$name: install failed (mvn dependency:copy-dependencies on $pom); last lines:"
    tail -n 20 "$tmp.mvn.log" >&2
    rm -rf "$tmp" "$tmp.mvn.log"
    return 5
  fi
  rm -f "$tmp.mvn.log"
  printf '%s\n' "$want" >"$tmp/.installed"
  rm -rf "$dest" && mv "$tmp" "$dest"
  say "$name: $(ls "$dest" | wc -l) jars installed"
}

# The launcher is compiled once (not run through the source launcher) so each start saves ~2 s.
install_mongo_launcher() {
  local src="$INFRA_DIR/mongo/MongoServerMain.java" out="$LIB_DIR/mongo-launcher"
  if [[ -f "$out/MongoServerMain.class" && "$out/MongoServerMain.class" -nt "$src" ]]; then
    return 0
  fi
  local tmp="$out.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  if ! "$JAVAC" -nowarn -cp "$LIB_DIR/mongo/*" -d "$tmp" "$src"; then
    err "mongo: compiling $src failed"
    rm -rf "$tmp"
    return 5
  fi
  rm -rf "$out" && mv "$tmp" "$out"
}

install_one() {
  mkdir -p "$LIB_DIR"
  case $1 in
    kafka) install_jars kafka ;;
    mongo) install_jars mongo && install_mongo_launcher ;;
    s3) install_jars s3 ;;
  esac
}

# ---------------------------------------------------------------- process helpers

server_dir() { printf '%s\n' "$STATE_DIR/$1"; }
pid_file() { printf '%s\n' "$STATE_DIR/$1/server.pid"; }
log_file() { printf '%s\n' "$STATE_DIR/$1/server.log"; }

# Every server gets "-Ds2l.server=<name>" on its command line, so a pid reused by an unrelated
# process is never mistaken for ours.
is_our_process() { # name pid
  [[ -r "/proc/$2/cmdline" ]] && tr '\0' ' ' <"/proc/$2/cmdline" 2>/dev/null | grep -q -- "-Ds2l.server=$1 "
}

# Prints the pid of the running server; cleans a stale pid file. Returns 1 when not running.
running_pid() { # name
  local file; file=$(pid_file "$1")
  [[ -f "$file" ]] || return 1
  local pid; pid=$(cat "$file" 2>/dev/null)
  if [[ "$pid" =~ ^[0-9]+$ ]] && is_our_process "$1" "$pid"; then
    printf '%s\n' "$pid"
    return 0
  fi
  err "$1: removing stale pid file $file (process ${pid:-?} is gone)"
  rm -f "$file"
  return 1
}

elapsed_s() { # started-ms
  local ms=$(($(now_ms) - $1))
  printf '%d.%d\n' $((ms / 1000)) $((ms % 1000 / 100))
}

port_open() { # port
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# Names who holds a TCP port (listening on any address), or returns 1 when it is free.
port_owner() { # port
  local line
  line=$(ss -Htlnp "sport = :$1" 2>/dev/null | head -n 1)
  if [[ -z "$line" ]]; then
    port_open "$1" && { printf 'an unknown process\n'; return 0; }
    return 1
  fi
  local pid; pid=$(grep -o 'pid=[0-9]*' <<<"$line" | head -n 1 | cut -d= -f2)
  if [[ -n "$pid" && -r "/proc/$pid/cmdline" ]]; then
    printf 'pid %s: %s\n' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-160)"
  else
    printf '%s\n' "$(awk '{print $4, $NF}' <<<"$line")"
  fi
}

check_ports_free() { # name hint port...
  local name=$1 hint=$2; shift 2
  local port owner
  for port in "$@"; do
    if owner=$(port_owner "$port"); then
      err "$name: cannot start: port $port is already taken by $owner"
      err "$name: stop that process, or choose another port: $hint"
      return 4
    fi
  done
}

# Serialises start/stop of one server, so two callers at once (e.g. parallel test JVMs) get one server.
lock_server() { # name
  mkdir -p "$(server_dir "$1")"
  exec 9>"$(server_dir "$1")/.lock"
  flock -w $((START_TIMEOUT + STOP_TIMEOUT)) 9 || { err "$1: timed out waiting for another servers.sh on $STATE_DIR"; return 1; }
}

launch() { # name java-args...
  local name=$1; shift
  local log; log=$(log_file "$name")
  [[ -f "$log" ]] && mv -f "$log" "$log.previous"
  rm -f "$(pid_file "$name")"
  # setsid: the server outlives this shell and ignores its terminal's signals; the inner shell writes
  # its own pid before exec'ing java, so the pid file holds the java pid.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$(pid_file "$name")" \
    "$JAVA" "-Ds2l.server=$name" "-Ds2l.state=$STATE_DIR" "$@" </dev/null >>"$log" 2>&1 9>&- &
  local i
  for i in $(seq 50); do [[ -s "$(pid_file "$name")" ]] && return 0; sleep 0.1; done
  err "$name: the launcher did not write $(pid_file "$name")"
  return 1
}

# Waits until ready_check passes; on death or timeout prints the log tail and fails.
await_ready() { # name ready-function started-at
  local name=$1 ready=$2 started=$3 pid; pid=$(cat "$(pid_file "$name")")
  local deadline=$((started + START_TIMEOUT * 1000))
  while (($(now_ms) < deadline)); do
    if ! is_our_process "$name" "$pid"; then
      err "$name: the server died during start-up; last lines of $(log_file "$name"):"
      tail -n 40 "$(log_file "$name")" >&2
      rm -f "$(pid_file "$name")"
      return 1
    fi
    if "$ready"; then
      say "$name: ready on $HOST:$(cat "$(server_dir "$name")/port") (pid $pid, in $(elapsed_s "$started") s, log $(log_file "$name"))"
      return 0
    fi
    sleep 0.3
  done
  err "$name: not ready after $START_TIMEOUT s (S2L_START_TIMEOUT); last lines of $(log_file "$name"):"
  tail -n 40 "$(log_file "$name")" >&2
  stop_pid "$name" "$pid"
  return 1
}

stop_pid() { # name pid
  local name=$1 pid=$2 i
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    is_our_process "$name" "$pid" || { rm -f "$(pid_file "$name")"; return 0; }
    sleep 0.1
  done
  err "$name: pid $pid still alive after $STOP_TIMEOUT s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do
    is_our_process "$name" "$pid" || { rm -f "$(pid_file "$name")"; return 0; }
    sleep 0.1
  done
  err "$name: pid $pid survived SIGKILL"
  return 1
}

# ---------------------------------------------------------------- Kafka

write_kafka_properties() { # file
  cat >"$1" <<EOF
# Written by infra/servers.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$(server_dir kafka)/data
# topics appear on first use; 4 partitions so up to 4 consumers of one group share a topic
auto.create.topics.enable=true
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
# a single node: every internal topic has one replica, and fewer partitions than the default 50
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=8
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=8
# consumers join at once instead of waiting 3 s for more members
group.initial.rebalance.delay.ms=0
EOF
}

# A Kafka cluster id is 16 random bytes in URL-safe base64 without padding (Kafka avoids a leading '-').
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id != -* ]] && { printf '%s\n' "$id"; return; }
  done
}

# A running server is reused only if it runs with the settings asked for now.
same_setting() { # name setting wanted
  local actual; actual=$(cat "$(server_dir "$1")/$2" 2>/dev/null)
  [[ "$actual" == "$3" ]] && return 0
  err "$1: already running with $2 $actual, not $3 as asked; stop it first (S2L_STATE_DIR=$STATE_DIR)"
  return 1
}

kafka_ready() {
  grep -q "Kafka Server started" "$(log_file kafka)" 2>/dev/null && port_open "$KAFKA_PORT"
}

start_kafka() {
  local dir; dir=$(server_dir kafka)
  local pid
  if pid=$(running_pid kafka); then
    same_setting kafka port "$KAFKA_PORT" || return 1
    say "kafka: already running (pid $pid) on $HOST:$(cat "$dir/port" 2>/dev/null)"
    return 0
  fi
  check_ports_free kafka "KAFKA_PORT (the controller uses KAFKA_PORT+1, or KAFKA_CONTROLLER_PORT)" \
    "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" || return
  local started; started=$(now_ms)
  mkdir -p "$dir/data"
  write_kafka_properties "$dir/server.properties"
  local cp="$LIB_DIR/kafka/*"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    say "kafka: formatting $dir/data"
    # a short-lived JVM: C1 only and the serial GC start faster (~30 % here)
    if ! "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" -cp "$cp" \
        kafka.tools.StorageTool format -t "$(new_cluster_id)" -c "$dir/server.properties" >"$dir/format.log" 2>&1 9>&-; then
      err "kafka: formatting the log dir failed; $dir/format.log says:"
      tail -n 20 "$dir/format.log" >&2
      return 1
    fi
  fi
  printf '%s\n' "$KAFKA_PORT" >"$dir/port"
  launch kafka -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$dir/server.properties" || return 1
  await_ready kafka kafka_ready "$started"
}

# ---------------------------------------------------------------- MongoDB (mongo-java-server)

mongo_ready() {
  grep -q "MongoServerMain: ready" "$(log_file mongo)" 2>/dev/null && port_open "$MONGO_PORT"
}

start_mongo() {
  local dir; dir=$(server_dir mongo)
  local pid
  if pid=$(running_pid mongo); then
    same_setting mongo port "$MONGO_PORT" && same_setting mongo backend "$MONGO_BACKEND" || return 1
    say "mongo: already running (pid $pid) on $HOST:$(cat "$dir/port" 2>/dev/null), backend $(cat "$dir/backend" 2>/dev/null)"
    return 0
  fi
  case $MONGO_BACKEND in h2|memory) ;; *) err "mongo: MONGO_BACKEND must be h2 or memory, got '$MONGO_BACKEND'"; return 2 ;; esac
  check_ports_free mongo MONGO_PORT "$MONGO_PORT" || return
  local started; started=$(now_ms)
  mkdir -p "$dir/data"
  printf '%s\n' "$MONGO_PORT" >"$dir/port"
  printf '%s\n' "$MONGO_BACKEND" >"$dir/backend"
  launch mongo -Xmx"$MONGO_HEAP" -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.showDateTime=true \
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS" \
    -Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire=warn \
    -cp "$LIB_DIR/mongo/*:$LIB_DIR/mongo-launcher" MongoServerMain \
    --port "$MONGO_PORT" --backend "$MONGO_BACKEND" --data "$dir/data" || return 1
  await_ready mongo mongo_ready "$started"
}

# ---------------------------------------------------------------- S3 (S3Proxy, filesystem backend)

s3_ready() {
  grep -q "Started Server@" "$(log_file s3)" 2>/dev/null && port_open "$S3_PORT"
}

write_s3_properties() { # file
  # buckets are folders under data/, objects files in them; the file holds the credentials, so only we read it
  ( umask 077
    cat >"$1" <<EOF
# Written by infra/servers.sh on every start; edit the script, not this file.
s3proxy.endpoint=http://$HOST:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$(server_dir s3)/data
jclouds.identity=local
jclouds.credential=local
EOF
  )
}

start_s3() {
  local dir; dir=$(server_dir s3)
  local pid
  if pid=$(running_pid s3); then
    same_setting s3 port "$S3_PORT" || return 1
    say "s3: already running (pid $pid) on $HOST:$(cat "$dir/port" 2>/dev/null)"
    return 0
  fi
  check_ports_free s3 S3_PORT "$S3_PORT" || return
  local started; started=$(now_ms)
  mkdir -p "$dir/data"
  printf '%s\n' "$S3_PORT" >"$dir/port"
  write_s3_properties "$dir/s3proxy.properties"
  # C1 only and the serial GC: S3Proxy starts ~30 % faster and serves tests as well
  launch s3 -Xmx"$S3_HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlogback.configurationFile="$INFRA_DIR/s3/logback.xml" \
    -cp "$LIB_DIR/s3/*" org.gaul.s3proxy.Main --properties "$dir/s3proxy.properties" || return 1
  await_ready s3 s3_ready "$started"
}

# ---------------------------------------------------------------- commands

do_start() { # name
  install_one "$1" || return
  lock_server "$1" || return 1
  "start_$1"
}

do_stop() { # name
  lock_server "$1" || return 1
  local pid
  if ! pid=$(running_pid "$1"); then
    say "$1: not running"
    return 0
  fi
  stop_pid "$1" "$pid" && say "$1: stopped (pid $pid)"
}

# Deletes a stopped server's data (Kafka topics and metadata, the Mongo H2 file, S3 buckets); logs stay.
do_wipe() { # name
  lock_server "$1" || return 1
  local pid
  if pid=$(running_pid "$1"); then
    err "$1: refusing to wipe the data of a running server (pid $pid); stop it first"
    return 1
  fi
  rm -rf "$(server_dir "$1")/data"
  say "$1: data wiped ($(server_dir "$1")/data)"
}

do_status() { # name
  local dir; dir=$(server_dir "$1")
  local pid
  if pid=$(running_pid "$1" 2>/dev/null); then
    local extra=""
    [[ $1 == mongo ]] && extra=", backend $(cat "$dir/backend" 2>/dev/null)"
    say "$1: running, pid $pid, $HOST:$(cat "$dir/port" 2>/dev/null)$extra, log $(log_file "$1")"
  else
    say "$1: stopped"
    return 3
  fi
}

main() {
  (($# >= 1 && $# <= 2)) || usage
  local command=$1 which=${2:-all} names
  case $which in
    kafka|mongo|s3) names=("$which") ;;
    all) names=(kafka mongo s3) ;;
    *) usage ;;
  esac
  local rc=0 name
  case $command in
    install) for name in "${names[@]}"; do install_one "$name" || rc=$?; done ;;
    start) for name in "${names[@]}"; do do_start "$name" || { rc=$?; break; }; done ;;
    stop) for name in "${names[@]}"; do do_stop "$name" || rc=$?; done ;;
    restart)
      for name in "${names[@]}"; do do_stop "$name" || rc=$?; done
      ((rc == 0)) && for name in "${names[@]}"; do do_start "$name" || { rc=$?; break; }; done ;;
    status) for name in "${names[@]}"; do do_status "$name" || rc=$?; done ;;
    wipe) for name in "${names[@]}"; do do_wipe "$name" || rc=$?; done ;;
    *) usage ;;
  esac
  return $rc
}

main "$@"
