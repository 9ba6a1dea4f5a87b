#!/usr/bin/env bash
# Local single-node Kafka (KRaft, broker+controller in one JVM) for development
# and tests, run from the official Apache Kafka jars that Maven fetches.
#
#   scripts/infra/kafka.sh start|stop|status
#
# Environment:
#   KAFKA_PORT             client (PLAINTEXT) port              default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port                default 9093
#   KAFKA_STATE_DIR        jars, data, logs, pid file           default <repo>/.infra/kafka
#   KAFKA_START_TIMEOUT    seconds to wait for a usable broker  default 60
#   KAFKA_HEAP_OPTS        broker heap                          default -Xms256m -Xmx512m
#   KAFKA_JVM_OPTS         other broker JVM flags               default -XX:+UseSerialGC
#                          -XX:TieredStopAtLevel=1 -Xshare:auto (same start time
#                          and throughput as G1+C2 here, about half the CPU)
#   KAFKA_TOPICS_FILE      topics to create (6 partitions)      default tools/kafka/topics.txt
set -euo pipefail

# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_HOST="127.0.0.1"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_STATE_DIR="${KAFKA_STATE_DIR:-$INFRA_STATE_ROOT/kafka}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_TOPIC_PARTITIONS=6

TOOLS_DIR="$INFRA_REPO_ROOT/tools/kafka"
POM="$TOOLS_DIR/pom.xml"
TEMPLATE="$TOOLS_DIR/server.properties.template"
BROKER_LOG4J="$TOOLS_DIR/log4j2.properties"
TOOLS_LOG4J="$TOOLS_DIR/log4j2-tools.properties"
HELPER_SRC="$TOOLS_DIR/InfraKafkaTopics.java"
TOPICS_FILE="${KAFKA_TOPICS_FILE:-$TOOLS_DIR/topics.txt}"

for _p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
  [[ "$_p" =~ ^[0-9]+$ ]] || infra_die "kafka: port '$_p' is not a number"
done
[[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] ||
  infra_die "kafka: KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $KAFKA_PORT)"
[[ "$KAFKA_STATE_DIR" == /* ]] || KAFKA_STATE_DIR="$PWD/$KAFKA_STATE_DIR"
[[ "${1:-}" != start ]] || mkdir -p "$KAFKA_STATE_DIR"
if [[ -d "$KAFKA_STATE_DIR" ]]; then
  KAFKA_STATE_DIR="$(cd "$KAFKA_STATE_DIR" && pwd -P)"
fi

LIBS_DIR="$KAFKA_STATE_DIR/libs"
DATA_DIR="$KAFKA_STATE_DIR/data"
LOGS_DIR="$KAFKA_STATE_DIR/logs"
HELPER_DIR="$KAFKA_STATE_DIR/helper"
PID_FILE="$KAFKA_STATE_DIR/kafka.pid"
PROPS_FILE="$KAFKA_STATE_DIR/server.properties"
CLUSTER_ID_FILE="$KAFKA_STATE_DIR/cluster.id"
LIBS_MARKER="$LIBS_DIR/.fetched"
TOPICS_STAMP="$KAFKA_STATE_DIR/topics.stamp"
BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

# Broker JVM flags (besides the heap); override with KAFKA_JVM_OPTS.
read -r -a BROKER_JVM_OPTS <<<"${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}"

# Short-lived tool JVMs: start fast, tiny heap.
TOOL_JVM_OPTS=(-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
  -Djava.awt.headless=true "-Dkafka.logs.dir=$LOGS_DIR" "-Dlog4j2.configurationFile=$TOOLS_LOG4J")

kafka_version() {
  sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' "$POM" | head -n 1
}
KAFKA_VERSION="$(kafka_version)"
[[ -n "$KAFKA_VERSION" ]] || infra_die "kafka: cannot read <kafka.version> from $POM"

# Pid of the broker this state folder started, if it is still that process.
our_pid() {
  local pid cmd
  pid="$(infra_read_pid "$PID_FILE")"
  [[ -n "$pid" ]] || return 0
  infra_pid_alive "$pid" || return 0
  cmd="$(infra_pid_cmdline "$pid")"
  if [[ "$cmd" == *java* && "$cmd" == *kafka.Kafka* && "$cmd" == *"$PROPS_FILE"* ]]; then
    printf '%s' "$pid"
  fi
}

lock_state() {
  exec 9>"$KAFKA_STATE_DIR/.lock"
  if infra_have flock; then
    flock -w 180 9 || infra_die "kafka: another kafka.sh holds $KAFKA_STATE_DIR/.lock"
  fi
}

java_major() {
  local v
  v="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  v="${v#1.}"
  printf '%s' "${v%%[.+-]*}"
}

preflight() {
  infra_have java || infra_die "kafka: 'java' not found on PATH; install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless)"
  local need=11 major
  [[ "$KAFKA_VERSION" == 3.* ]] || need=17
  major="$(java_major)"
  if [[ -z "$major" || "$major" -lt "$need" ]]; then
    infra_die "kafka: Kafka $KAFKA_VERSION needs Java $need+, but 'java' is version ${major:-unknown}"
  fi
  if ! libs_complete; then
    infra_have mvn || infra_die "kafka: 'mvn' not found on PATH; it is needed once to fetch the Kafka jars (apt-get install maven)"
  fi
}

libs_want() {
  printf '%s %s' "$KAFKA_VERSION" "$(sha256sum "$POM" | cut -c1-16)"
}

libs_complete() {
  [[ -f "$LIBS_MARKER" && -f "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" ]] &&
    [[ "$(cat "$LIBS_MARKER")" == "$(libs_want)" ]]
}

fetch_libs() {
  libs_complete && return 0
  local tmp="$KAFKA_STATE_DIR/libs.tmp.$$" t0
  t0="$(infra_now)"
  infra_log "kafka: fetching Kafka $KAFKA_VERSION jars with Maven (cached in ~/.m2) ..."
  rm -rf "$tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    "-DoutputDirectory=$tmp" >"$LOGS_DIR/maven.log" 2>&1; then
    tail -n 30 "$LOGS_DIR/maven.log" >&2 || true
    rm -rf "$tmp"
    infra_die "kafka: Maven could not fetch the Kafka jars (full log: $LOGS_DIR/maven.log)"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] ||
    infra_die "kafka: Maven ran but kafka_2.13-$KAFKA_VERSION.jar is missing from $tmp"
  rm -rf "$LIBS_DIR" "$HELPER_DIR"
  mv "$tmp" "$LIBS_DIR"
  libs_want >"$LIBS_MARKER"
  infra_log "kafka: fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars in $(($(infra_now) - t0))s"
}

helper_want() {
  printf '%s %s' "$(libs_want)" "$(sha256sum "$HELPER_SRC" | cut -c1-16)"
}

# Compile the topic helper once per jar set (falls back to the source launcher).
build_helper() {
  local stamp="$HELPER_DIR/.built"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$(helper_want)" ]]; then
    return 0
  fi
  infra_have javac || return 0
  rm -rf "$HELPER_DIR"
  mkdir -p "$HELPER_DIR"
  if ! javac -nowarn -d "$HELPER_DIR" -cp "$LIBS_DIR/*" "$HELPER_SRC" >"$LOGS_DIR/helper-javac.log" 2>&1; then
    cat "$LOGS_DIR/helper-javac.log" >&2
    infra_die "kafka: could not compile $HELPER_SRC"
  fi
  helper_want >"$stamp"
}

run_helper() {
  local timeout="$1"
  if [[ -f "$HELPER_DIR/InfraKafkaTopics.class" ]]; then
    java "${TOOL_JVM_OPTS[@]}" -cp "$HELPER_DIR:$LIBS_DIR/*" InfraKafkaTopics \
      "$BOOTSTRAP" "$TOPICS_FILE" "$KAFKA_TOPIC_PARTITIONS" "$timeout"
  else
    java "${TOOL_JVM_OPTS[@]}" -cp "$LIBS_DIR/*" "$HELPER_SRC" \
      "$BOOTSTRAP" "$TOPICS_FILE" "$KAFKA_TOPIC_PARTITIONS" "$timeout"
  fi
}

topics_want() {
  printf '%s %s' "$BOOTSTRAP" "$(sha256sum "$TOPICS_FILE" | cut -c1-16)"
}

# Create missing topics; prints the helper's summary. $1 = timeout seconds.
ensure_topics() {
  local out
  if ! out="$(run_helper "$1")"; then
    return 1
  fi
  topics_want >"$TOPICS_STAMP"
  printf '%s' "$out"
}

render_props() {
  local tmp="$PROPS_FILE.tmp.$$"
  sed -e "s|\${KAFKA_HOST}|$KAFKA_HOST|g" \
    -e "s|\${KAFKA_PORT}|$KAFKA_PORT|g" \
    -e "s|\${KAFKA_CONTROLLER_PORT}|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|\${KAFKA_DATA_DIR}|$DATA_DIR|g" \
    "$TEMPLATE" >"$tmp"
  mv "$tmp" "$PROPS_FILE"
}

# A Kafka cluster id: 16 random bytes, base64url without padding (as
# `kafka-storage random-uuid` prints), never starting with '-'.
new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" == -* ]] || break
  done
  printf '%s' "$id"
}

format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local id
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    new_cluster_id >"$CLUSTER_ID_FILE"
  fi
  id="$(cat "$CLUSTER_ID_FILE")"
  mkdir -p "$DATA_DIR"
  if ! java "${TOOL_JVM_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool format \
    -t "$id" -c "$PROPS_FILE" --ignore-formatted >"$LOGS_DIR/storage-format.log" 2>&1; then
    cat "$LOGS_DIR/storage-format.log" >&2
    infra_die "kafka: formatting $DATA_DIR failed"
  fi
  infra_log "kafka: formatted $DATA_DIR (cluster id $id)"
}

# Start the broker in the background; sets LAUNCH_PID.
launch() {
  local pid cmd
  local -a heap jvm detach=()
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  jvm=("${heap[@]}" "${BROKER_JVM_OPTS[@]}" -Djava.awt.headless=true
    "-Dkafka.logs.dir=$LOGS_DIR" "-Dlog4j2.configurationFile=$BROKER_LOG4J")
  infra_have setsid && detach=(setsid)
  (
    cd "$KAFKA_STATE_DIR"
    exec 9>&- # don't let the broker inherit the state lock
    exec "${detach[@]}" nohup java "${jvm[@]}" -cp "$LIBS_DIR/*" kafka.Kafka "$PROPS_FILE" \
      >>"$LOGS_DIR/kafka.out" 2>&1 </dev/null
  ) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  # setsid and nohup exec in place, so $! becomes the java process; check it.
  for _ in 1 2 3 4 5; do
    cmd="$(infra_pid_cmdline "$pid")"
    [[ "$cmd" == *kafka.Kafka* ]] && break
    infra_pid_alive "$pid" || break
    sleep 0.1
  done
  if infra_pid_alive "$pid" && [[ "$cmd" != *kafka.Kafka* ]]; then
    infra_warn "kafka: pid $pid does not look like the broker ($cmd)"
  fi
  LAUNCH_PID="$pid"
}

show_log_tail() {
  local f
  for f in "$LOGS_DIR/server.log" "$LOGS_DIR/kafka.out"; do
    if [[ -s "$f" ]]; then
      printf -- '--- last lines of %s ---\n' "$f" >&2
      tail -n 20 "$f" >&2
    fi
  done
}

cmd_start() {
  local t0 pid summary deadline left
  t0="$(infra_now)"
  mkdir -p "$LOGS_DIR"
  lock_state
  pid="$(our_pid)"

  if infra_port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    if [[ -n "$pid" ]]; then
      infra_log "kafka: already running on $BOOTSTRAP (pid $pid, started by these scripts); nothing to do"
    else
      infra_log "kafka: something already listens on $BOOTSTRAP (not started by these scripts); nothing to do"
    fi
    # Our broker, and topics.txt changed since we applied it: create what is missing.
    if [[ -n "$pid" && -f "$TOPICS_STAMP" && "$(cat "$TOPICS_STAMP")" != "$(topics_want)" ]] && libs_complete; then
      build_helper
      if summary="$(ensure_topics 15)"; then
        infra_log "kafka: topics.txt changed; $summary"
      else
        infra_warn "kafka: topics.txt changed but creating topics on $BOOTSTRAP failed"
      fi
    fi
    return 0
  fi

  if [[ -n "$pid" ]]; then
    infra_log "kafka: pid $pid (ours) is running but $BOOTSTRAP does not answer yet; waiting"
  else
    if [[ -f "$PID_FILE" ]]; then
      rm -f "$PID_FILE"
    fi
    preflight
    if infra_port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
      infra_die "kafka: controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is already in use; set KAFKA_CONTROLLER_PORT to a free port"
    fi
    fetch_libs
    build_helper
    render_props
    format_storage
    launch
    pid="$LAUNCH_PID"
  fi

  # The wait budget starts now (the Maven fetch above may have taken a while).
  deadline=$(($(infra_now) + KAFKA_START_TIMEOUT))
  until infra_port_open "$KAFKA_HOST" "$KAFKA_PORT"; do
    if ! infra_pid_alive "$pid"; then
      rm -f "$PID_FILE"
      show_log_tail
      infra_die "kafka: broker exited during startup (logs: $LOGS_DIR)"
    fi
    if (($(infra_now) >= deadline)); then
      show_log_tail
      infra_die "kafka: $BOOTSTRAP did not answer within ${KAFKA_START_TIMEOUT}s (pid $pid still running; logs: $LOGS_DIR; stop it with: $0 stop)"
    fi
    sleep 0.3
  done

  left=$((deadline - $(infra_now)))
  ((left >= 15)) || left=15
  if ! summary="$(ensure_topics "$left")"; then
    show_log_tail
    infra_die "kafka: port $KAFKA_PORT answers but the broker is not usable (pid $pid; logs: $LOGS_DIR)"
  fi
  infra_log "kafka: started on $BOOTSTRAP ($KAFKA_VERSION) in $(($(infra_now) - t0))s, pid $pid, $summary"
}

cmd_stop() {
  local pid cmd t0
  t0="$(infra_now)"
  [[ -d "$KAFKA_STATE_DIR" ]] && lock_state
  pid="$(infra_read_pid "$PID_FILE")"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    if infra_port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      infra_log "kafka: $BOOTSTRAP is served by a process these scripts did not start; leaving it alone"
    else
      infra_log "kafka: not running ($BOOTSTRAP)"
    fi
    return 0
  fi
  if ! infra_pid_alive "$pid"; then
    rm -f "$PID_FILE"
    infra_log "kafka: not running (removed stale pid file for pid $pid)"
    return 0
  fi
  cmd="$(infra_pid_cmdline "$pid")"
  if [[ "$cmd" != *kafka.Kafka* || "$cmd" != *"$PROPS_FILE"* ]]; then
    rm -f "$PID_FILE"
    infra_log "kafka: pid $pid is no longer our broker; removed the stale pid file and left that process alone"
    return 0
  fi
  if infra_stop_pid kafka "$pid" 20; then
    rm -f "$PID_FILE"
    infra_log "kafka: stopped (pid $pid) in $(($(infra_now) - t0))s"
  else
    infra_die "kafka: could not stop pid $pid"
  fi
}

cmd_status() {
  local pid
  pid="$(our_pid)"
  if infra_port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    if [[ -n "$pid" ]]; then
      infra_log "kafka: running on $BOOTSTRAP (pid $pid, Kafka $KAFKA_VERSION, started by these scripts; state $KAFKA_STATE_DIR)"
    else
      infra_log "kafka: running on $BOOTSTRAP (not started by these scripts)"
    fi
    return 0
  fi
  if [[ -n "$pid" ]]; then
    infra_log "kafka: starting or unhealthy: pid $pid alive but $BOOTSTRAP does not answer"
  else
    infra_log "kafka: not running ($BOOTSTRAP)"
  fi
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
