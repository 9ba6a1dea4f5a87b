#!/usr/bin/env bash
# Local Redis for development and tests.
#
#   scripts/infra/redis.sh up|down|status
#
# up:     if nothing answers PING at REDIS_URL, start a redis-server there with the project's
#         configuration (config/redis/redis.conf: append-only file fsynced every second,
#         noeviction), its data in REDIS_STATE_DIR, and remember that we started it.
# down:   stop that server, only if these scripts started it.
# status: print whether Redis answers.
#
# Environment:
#   REDIS_URL        default redis://127.0.0.1:6379
#   REDIS_STATE_DIR  default <repo>/.infra/redis (pid file, log, data: one directory per port)
#   REDIS_CONF       default <repo>/config/redis/redis.conf
set -euo pipefail

# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
REDIS_STATE_DIR="${REDIS_STATE_DIR:-$INFRA_STATE_ROOT/redis}"
REDIS_WAIT_SECONDS="${REDIS_WAIT_SECONDS:-10}"
REDIS_CONF="${REDIS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/config/redis/redis.conf}"

infra_parse_url "$REDIS_URL" || infra_die "redis: cannot parse REDIS_URL '$REDIS_URL'"
case "$URL_SCHEME" in
  redis | rediss) ;;
  *) infra_die "redis: REDIS_URL must start with redis:// (got '$URL_SCHEME://')" ;;
esac
REDIS_HOST="${URL_HOST:-127.0.0.1}"
REDIS_PORT="${URL_PORT:-6379}"
[[ "$REDIS_PORT" =~ ^[0-9]+$ ]] || infra_die "redis: bad port '$REDIS_PORT' in REDIS_URL"
if [[ -n "$URL_PASSWORD" ]]; then
  REDISCLI_AUTH="$(infra_urldecode "$URL_PASSWORD")"
  export REDISCLI_AUTH
fi
REDIS_WHERE="$REDIS_HOST:$REDIS_PORT"
PID_FILE="$REDIS_STATE_DIR/redis-$REDIS_PORT.pid"
LOG_FILE="$REDIS_STATE_DIR/redis-$REDIS_PORT.log"

# Prints the PING reply (empty when nothing answers).
redis_ping() {
  infra_have redis-cli || return 0
  timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | head -n 1 || true
}

redis_up() {
  [[ "$(redis_ping)" == "PONG" ]]
}

# Pid of the redis-server we started for this port, if it is still that process.
our_pid() {
  local pid cmd
  pid="$(infra_read_pid "$PID_FILE")"
  [[ -n "$pid" ]] || return 0
  infra_pid_alive "$pid" || return 0
  cmd="$(infra_pid_cmdline "$pid")"
  if [[ "$cmd" == *redis-server* && "$cmd" == *":$REDIS_PORT"* ]]; then
    printf '%s' "$pid"
  fi
}

cmd_up() {
  local t0 reply i pid
  t0="$(infra_now)"
  infra_have redis-cli || infra_die "redis: redis-cli not found; install Redis (apt-get install redis-server redis-tools)"
  reply="$(redis_ping)"
  if [[ "$reply" == "PONG" ]]; then
    pid="$(our_pid)"
    if [[ -n "$pid" ]]; then
      infra_log "redis: already answering on $REDIS_WHERE (pid $pid, started by these scripts)"
    else
      infra_log "redis: already answering on $REDIS_WHERE"
    fi
    return 0
  fi
  if [[ -n "$reply" ]]; then
    infra_die "redis: $REDIS_WHERE answers PING with '$reply'; check REDIS_URL (password?)"
  fi
  if infra_port_open "$REDIS_HOST" "$REDIS_PORT"; then
    infra_die "redis: $REDIS_WHERE accepts connections but does not answer PING; something else uses that port?"
  fi
  if ! infra_is_local_host "$REDIS_HOST"; then
    infra_die "redis: nothing answers on $REDIS_WHERE and it is not a local address; start Redis there or fix REDIS_URL"
  fi
  if ! infra_have redis-server; then
    infra_die "redis: nothing answers on $REDIS_WHERE and redis-server is not installed (apt-get install redis-server), or point REDIS_URL at a running Redis"
  fi

  [[ -f "$REDIS_CONF" ]] || infra_die "redis: configuration $REDIS_CONF not found"
  local data_dir="$REDIS_STATE_DIR/data-$REDIS_PORT"
  mkdir -p "$REDIS_STATE_DIR" "$data_dir"
  rm -f "$PID_FILE"
  local bind="$REDIS_HOST"
  [[ "$bind" == localhost ]] && bind=127.0.0.1
  # The project's durable configuration, then what is particular to this instance.
  if ! redis-server "$REDIS_CONF" --daemonize yes --bind "$bind" --port "$REDIS_PORT" \
    --dir "$data_dir" --pidfile "$PID_FILE" --logfile "$LOG_FILE" >/dev/null 2>&1; then
    infra_die "redis: redis-server failed to start (log: $LOG_FILE)"
  fi
  for ((i = 0; i < REDIS_WAIT_SECONDS * 5; i++)); do
    redis_up && break
    sleep 0.2
  done
  if ! redis_up; then
    tail -n 20 "$LOG_FILE" >&2 2>/dev/null || true
    infra_die "redis: started redis-server but $REDIS_WHERE did not answer PING within ${REDIS_WAIT_SECONDS}s (log: $LOG_FILE)"
  fi
  # redis writes its pid file shortly after daemonizing.
  for ((i = 0; i < 10; i++)); do
    [[ -s "$PID_FILE" ]] && break
    sleep 0.1
  done
  infra_log "redis: started on $REDIS_WHERE (pid $(infra_read_pid "$PID_FILE"), append-only file in $data_dir) in $(($(infra_now) - t0))s"
}

cmd_down() {
  local pid
  pid="$(infra_read_pid "$PID_FILE")"
  if [[ -z "$pid" ]]; then
    if redis_up; then
      infra_log "redis: $REDIS_WHERE was not started by these scripts; leaving it running"
    else
      infra_log "redis: not running ($REDIS_WHERE)"
    fi
    return 0
  fi
  if [[ -z "$(our_pid)" ]]; then
    rm -f "$PID_FILE"
    infra_log "redis: pid $pid is gone or no longer ours; removed the stale pid file"
    return 0
  fi
  if infra_stop_pid redis "$pid" 10; then
    rm -f "$PID_FILE"
    infra_log "redis: stopped (pid $pid)"
  else
    infra_die "redis: could not stop pid $pid"
  fi
}

cmd_status() {
  local pid
  if redis_up; then
    pid="$(our_pid)"
    if [[ -n "$pid" ]]; then
      infra_log "redis: answering on $REDIS_WHERE (pid $pid, started by these scripts)"
    else
      infra_log "redis: answering on $REDIS_WHERE"
    fi
    return 0
  fi
  infra_log "redis: not answering on $REDIS_WHERE"
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
