#!/usr/bin/env bash
# `npm start` on a clean environment (no env vars, a fresh .data/) must serve /health/ and a
# GraphQL query on :4000 in embedded mode, then exit 0 on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .data
log=$(mktemp)
env -i PATH="$PATH" HOME="${HOME:-/root}" npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS http://localhost:4000/health/ >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "npm start exited early" >&2; exit 1; fi
  sleep 1
done
curl -fsS http://localhost:4000/health/ | grep -q '"status":"ok"' || { cat "$log"; exit 1; }
echo "health: ok"
body=$(curl -fsS -X POST http://localhost:4000/api/v1/graphql -H 'Content-Type: application/json' \
  -d '{"query":"{ __typename }"}')
echo "$body" | grep -q '"__typename":"Query"' || { echo "$body"; cat "$log"; exit 1; }
echo "graphql: ok"
grep -q 'EMBEDDED mode' "$log" || { cat "$log"; echo "first log line does not announce embedded mode" >&2; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT
if [ "$status" -ne 0 ]; then cat "$log"; echo "npm start exited $status on SIGTERM" >&2; exit 1; fi
grep -q 'shutdown complete' "$log" || { cat "$log"; echo "no clean shutdown" >&2; exit 1; }
echo "SIGTERM: exited 0 after a clean shutdown"
rm -f "$log"
