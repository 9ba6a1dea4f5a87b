# shellcheck shell=bash
# Shared helpers for scripts/infra/*.sh. Source it; don't run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Repository root: two levels above this file.
INFRA_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_STATE_ROOT="${INFRA_STATE_ROOT:-$INFRA_REPO_ROOT/.infra}"
export INFRA_REPO_ROOT INFRA_STATE_ROOT

infra_log() {
  printf '[infra] %s\n' "$*"
}

infra_warn() {
  printf '[infra] %s\n' "$*" >&2
}

infra_die() {
  printf '[infra] %s\n' "$*" >&2
  exit 1
}

infra_have() {
  command -v "$1" >/dev/null 2>&1
}

# Seconds since the epoch (integer).
infra_now() {
  date +%s
}

# infra_port_open HOST PORT -> 0 when something accepts a TCP connection.
infra_port_open() {
  local host="$1" port="$2"
  # The connection is made (and closed) in a subshell so no fd leaks here.
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" >/dev/null 2>&1
}

# infra_pid_alive PID -> 0 when the process exists (and is not a zombie).
infra_pid_alive() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != "Z" ]]
}

# infra_pid_cmdline PID -> the process command line, NULs turned into spaces.
infra_pid_cmdline() {
  { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true
}

# infra_read_pid FILE -> prints the pid stored in FILE (empty when absent/bad).
infra_read_pid() {
  local file="$1" pid=""
  if [[ -f "$file" ]]; then
    pid="$(tr -dc '0-9' <"$file" 2>/dev/null || true)"
  fi
  printf '%s' "$pid"
}

# infra_wait_pid_exit PID SECONDS -> 0 when the process is gone in time.
infra_wait_pid_exit() {
  local pid="$1" secs="$2" i
  for ((i = 0; i < secs * 5; i++)); do
    infra_pid_alive "$pid" || return 0
    sleep 0.2
  done
  ! infra_pid_alive "$pid"
}

# infra_stop_pid NAME PID GRACE_SECONDS: SIGTERM, wait, then SIGKILL.
infra_stop_pid() {
  local name="$1" pid="$2" grace="$3"
  kill -TERM "$pid" 2>/dev/null || true
  if infra_wait_pid_exit "$pid" "$grace"; then
    return 0
  fi
  infra_warn "$name: pid $pid still alive after ${grace}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  infra_wait_pid_exit "$pid" 5
}

# infra_is_local_host HOST -> 0 for loopback names/addresses.
infra_is_local_host() {
  case "$1" in
    localhost | 127.* | ::1 | '[::1]') return 0 ;;
    *) return 1 ;;
  esac
}

# infra_parse_url URL -> sets URL_SCHEME URL_USER URL_PASSWORD URL_HOST
# URL_PORT URL_PATH (without the leading '/') and URL_QUERY. Handles
# scheme://[user[:password]@]host[:port][/path][?query]; IPv6 hosts in [].
infra_parse_url() {
  local url="$1" rest userinfo hostport
  URL_SCHEME="" URL_USER="" URL_PASSWORD="" URL_HOST="" URL_PORT="" URL_PATH="" URL_QUERY=""
  if [[ "$url" != *://* ]]; then
    return 1
  fi
  URL_SCHEME="${url%%://*}"
  rest="${url#*://}"
  if [[ "$rest" == *\?* ]]; then
    URL_QUERY="${rest#*\?}"
    rest="${rest%%\?*}"
  fi
  if [[ "$rest" == */* ]]; then
    URL_PATH="${rest#*/}"
    rest="${rest%%/*}"
  fi
  if [[ "$rest" == *@* ]]; then
    userinfo="${rest%@*}"
    hostport="${rest##*@}"
    if [[ "$userinfo" == *:* ]]; then
      URL_USER="${userinfo%%:*}"
      URL_PASSWORD="${userinfo#*:}"
    else
      URL_USER="$userinfo"
    fi
  else
    hostport="$rest"
  fi
  if [[ "$hostport" =~ ^\[(.*)\](:([0-9]+))?$ ]]; then
    URL_HOST="${BASH_REMATCH[1]}"
    URL_PORT="${BASH_REMATCH[3]}"
  elif [[ "$hostport" == *:* ]]; then
    URL_HOST="${hostport%%:*}"
    URL_PORT="${hostport##*:}"
  else
    URL_HOST="$hostport"
  fi
  return 0
}

# infra_urldecode STRING
infra_urldecode() {
  local s="${1//+/ }"
  printf '%b' "${s//%/\\x}"
}
