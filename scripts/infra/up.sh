#!/usr/bin/env bash
# Bring up local infrastructure: PostgreSQL (database + schemas), Redis, Kafka
# (with the topics in tools/kafka/topics.txt). Idempotent: what already runs is
# left as it is.
#
#   bash scripts/infra/up.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/infra/lib.sh
source "$HERE/lib.sh"

t0="$(infra_now)"
failed=()
bash "$HERE/postgres.sh" up || failed+=(postgres)
bash "$HERE/redis.sh" up || failed+=(redis)
bash "$HERE/kafka.sh" start || failed+=(kafka)

if ((${#failed[@]})); then
  infra_die "up: FAILED: ${failed[*]} (after $(($(infra_now) - t0))s)"
fi
infra_log "up: postgres, redis and kafka ready in $(($(infra_now) - t0))s"
