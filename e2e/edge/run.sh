#!/usr/bin/env bash
# The edge suite: the real nginx (rendered from docker/nginx) in front of two API
# processes, against the PostgreSQL and Redis of DATABASE_URL / REDIS_URL.
# Needs: nginx on PATH (apt-get install nginx), server/dist (npm run build -w server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "e2e/edge: nginx is not installed (apt-get install -y --no-install-recommends nginx)" >&2
  exit 1
fi
export PATH="$PATH:/usr/sbin"
if [ ! -f server/dist/main.js ]; then
  echo "e2e/edge: server/dist/main.js is missing; run: npm run build -w server" >&2
  exit 1
fi
# One file at a time: the suite starts its own nginx and API processes.
exec node --test --test-concurrency=1 e2e/edge/*.test.mjs
