#!/usr/bin/env bash
# Stop what scripts/infra/up.sh started: Kafka, and Redis if these scripts
# started it. The machine's own PostgreSQL (and a Redis or Kafka that these
# scripts did not start) is left running.
#
#   bash scripts/infra/down.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/infra/lib.sh
source "$HERE/lib.sh"

failed=()
bash "$HERE/kafka.sh" stop || failed+=(kafka)
bash "$HERE/redis.sh" down || failed+=(redis)
infra_log "postgres: left running (machine service)"

if ((${#failed[@]})); then
  infra_die "down: FAILED: ${failed[*]}"
fi
