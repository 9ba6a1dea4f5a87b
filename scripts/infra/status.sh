#!/usr/bin/env bash
# Show whether PostgreSQL, Redis and Kafka are up. Exit 0 only if all three are.
#
#   bash scripts/infra/status.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/infra/lib.sh
source "$HERE/lib.sh"

down=()
bash "$HERE/postgres.sh" status || down+=(postgres)
bash "$HERE/redis.sh" status || down+=(redis)
bash "$HERE/kafka.sh" status || down+=(kafka)

if ((${#down[@]})); then
  infra_log "status: DOWN: ${down[*]}"
  exit 1
fi
infra_log "status: all up"
