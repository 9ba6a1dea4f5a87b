#!/usr/bin/env bash
# npm start: install what is missing, bring up the infrastructure, build, run everything.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
bash scripts/infra/up.sh
echo "[start] building…"
npm run --silent build
exec node --enable-source-maps dist/scripts/system/start.js
