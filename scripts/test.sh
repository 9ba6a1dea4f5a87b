#!/usr/bin/env bash
# npm test: lint, type-check, unit, integration, end-to-end and browser tests against the real
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
stage "infrastructure" node -r @swc-node/register libs/testing/src/test-infra/cli.ts
stage "lint" npm run --silent lint
stage "type-check" npm run --silent typecheck
stage "unit tests" npx jest -c jest.unit.config.js --ci
stage "integration tests" npx jest -c jest.integration.config.js --ci
stage "build" npm run --silent build
# When an end-to-end test fails, the systems' own warnings and errors say why: print the last of
# them per system log (connection refusals while a test holds Kafka down are left out).
e2e() {
  npx jest -c jest.e2e.config.js --ci && return 0
  local status=$?
  for log in .infra/e2e-logs/*.log; do
    [ -f "$log" ] || continue
    echo ""
    echo "--- ${log}: last warnings and errors ---"
    grep -E '"level":(40|50|60)' "$log" | grep -v 'ECONNREFUSED' | tail -n 60 | cut -c1-400 || true
  done
  return "$status"
}

stage "end-to-end tests" e2e
# The web pages in Debian's Chromium (installed here when missing; never skipped): the browser
# suite starts a system of its own from dist/, like the end-to-end tests.
browser() {
  bash scripts/ensure-chromium.sh
  npx jest -c jest.browser.config.js --ci && return 0
  local status=$?
  local log=.infra/e2e-logs/browser.log
  if [ -f "$log" ]; then
    echo ""
    echo "--- ${log}: last warnings and errors ---"
    grep -E '"level":(40|50|60)' "$log" | grep -v 'ECONNREFUSED' | tail -n 60 | cut -c1-400 || true
  fi
  return "$status"
}
stage "browser tests" browser
echo ""
echo "npm test: every stage passed in ${SECONDS}s"
