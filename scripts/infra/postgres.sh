#!/usr/bin/env bash
# Local PostgreSQL for development and tests: the machine's own server.
#
#   scripts/infra/postgres.sh up|status
#
# up:     make sure the server answers (starting the local Debian cluster if it
#         is down), then create the database named in DATABASE_URL and the
#         schemas concert, reservation and payment if they are missing.
# status: print whether the server answers and the database exists.
#
# Environment:
#   DATABASE_URL  default postgres://postgres@127.0.0.1:5432/concert_reservation
#
# These scripts never stop PostgreSQL: it is the machine's service.
set -euo pipefail

# shellcheck source=scripts/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/concert_reservation}"
PG_SCHEMAS=(concert reservation payment)
PG_WAIT_SECONDS="${PG_WAIT_SECONDS:-30}"

infra_parse_url "$DATABASE_URL" || infra_die "postgres: cannot parse DATABASE_URL '$DATABASE_URL'"
case "$URL_SCHEME" in
  postgres | postgresql) ;;
  *) infra_die "postgres: DATABASE_URL must start with postgres:// or postgresql:// (got '$URL_SCHEME://')" ;;
esac
PG_HOST="${URL_HOST:-127.0.0.1}"
PG_PORT="${URL_PORT:-5432}"
PG_USER="$(infra_urldecode "${URL_USER:-postgres}")"
PG_DB="$(infra_urldecode "${URL_PATH:-concert_reservation}")"
if [[ -n "$URL_PASSWORD" ]]; then
  PGPASSWORD="$(infra_urldecode "$URL_PASSWORD")"
  export PGPASSWORD
fi
[[ "$PG_DB" =~ ^[A-Za-z_][A-Za-z0-9_-]*$ ]] ||
  infra_die "postgres: unsupported database name '$PG_DB' (letters, digits, _ and - only)"
PG_WHERE="$PG_HOST:$PG_PORT"

pg_ready() {
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

# psql DB SQL... ; quiet, tuples only, stops on the first error.
pg_sql() {
  local db="$1"
  shift
  psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"
}

require_clients() {
  if ! infra_have pg_isready || ! infra_have psql; then
    infra_die "postgres: pg_isready/psql not found; install the PostgreSQL client (apt-get install postgresql-client)"
  fi
}

# Start the local Debian cluster that should listen on PG_PORT, if this
# machine has one (pg_lsclusters/pg_ctlcluster from postgresql-common).
start_local_cluster() {
  local ver name port status _rest found=1
  infra_is_local_host "$PG_HOST" || return 1
  infra_have pg_ctlcluster || return 1
  if infra_have pg_lsclusters; then
    while read -r ver name port status _rest; do
      [[ "$port" == "$PG_PORT" && "$status" != online* ]] || continue
      found=0
      infra_log "postgres: not answering on $PG_WHERE; starting cluster $ver/$name"
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >/dev/null 2>&1 ||
        infra_warn "postgres: 'pg_ctlcluster --skip-systemctl-redirect $ver $name start' failed"
    done < <(pg_lsclusters -h 2>/dev/null || true)
    return "$found"
  fi
  [[ -d /etc/postgresql ]] || return 1
  for ver in /etc/postgresql/*/; do
    ver="$(basename "$ver")"
    [[ -d "/etc/postgresql/$ver/main" ]] || continue
    found=0
    infra_log "postgres: not answering on $PG_WHERE; starting cluster $ver/main"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start >/dev/null 2>&1 ||
      infra_warn "postgres: 'pg_ctlcluster --skip-systemctl-redirect $ver main start' failed"
  done
  return "$found"
}

cmd_up() {
  local t0 i exists err
  t0="$(infra_now)"
  require_clients
  if ! pg_ready; then
    if start_local_cluster; then
      for ((i = 0; i < PG_WAIT_SECONDS * 2; i++)); do
        pg_ready && break
        sleep 0.5
      done
    fi
    pg_ready || infra_die "postgres: nothing answers on $PG_WHERE. Start PostgreSQL (here: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start) or point DATABASE_URL at a running server."
  fi

  exists="$(pg_sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" ||
    infra_die "postgres: cannot query $PG_WHERE as user '$PG_USER' (check DATABASE_URL)"
  if [[ "$exists" != "1" ]]; then
    if ! err="$(pg_sql postgres -c "CREATE DATABASE \"$PG_DB\"" 2>&1)"; then
      # Lost a race with a concurrent creator? Then it exists now.
      exists="$(pg_sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" || true)"
      [[ "$exists" == "1" ]] || infra_die "postgres: could not create database '$PG_DB': $err"
    fi
    infra_log "postgres: created database $PG_DB"
  fi

  local sql="" s
  for s in "${PG_SCHEMAS[@]}"; do
    sql+="CREATE SCHEMA IF NOT EXISTS \"$s\"; "
  done
  # IF NOT EXISTS still prints a NOTICE for existing schemas: keep it quiet.
  PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" pg_sql "$PG_DB" -c "$sql" >/dev/null ||
    infra_die "postgres: could not create schemas in '$PG_DB'"
  infra_log "postgres: ready on $PG_WHERE, database $PG_DB, schemas ${PG_SCHEMAS[*]} ($(($(infra_now) - t0))s)"
}

cmd_status() {
  local exists
  require_clients
  if ! pg_ready; then
    infra_log "postgres: not reachable on $PG_WHERE"
    return 1
  fi
  exists="$(pg_sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>/dev/null || true)"
  if [[ "$exists" == "1" ]]; then
    infra_log "postgres: reachable on $PG_WHERE (database $PG_DB present)"
  else
    infra_log "postgres: reachable on $PG_WHERE (database $PG_DB missing: run scripts/infra/postgres.sh up)"
  fi
  return 0
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 up|status" >&2
    exit 2
    ;;
esac
