#!/usr/bin/env bash
# npm test: lint, type-check, unit, integration and end-to-end tests against the real
# infrastructure (Postgres, Redis, Kafka), starting whatever is not running.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() {
  local name=$1; shift
  local started=$SECONDS
  echo ""
  echo "=== ${name} ==="
  "$@"
  echo "=== ${name}: ok in $((SECONDS - started))s ==="
}

bash scripts/ensure-deps.sh
stage "infrastructure" bash scripts/infra/up.sh
stage "lint" npm run --silent lint
stage "type-check" npm run --silent typecheck
stage "unit tests" npx jest -c jest.unit.config.js --ci
stage "integration tests" npx jest -c jest.integration.config.js --ci
stage "build" npm run --silent build
stage "end-to-end tests" npx jest -c jest.e2e.config.js --ci
echo ""
echo "npm test: every stage passed in ${SECONDS}s"
