#!/usr/bin/env bash
# `npm start` on a clean environment (no configuration but a scratch DATA_DIR and PORT=0) must
# serve /health/ and a GraphQL query in embedded mode, then exit 0 on SIGTERM.
# It touches nothing of the developer's: the data lives in a temporary directory (never the
# repository's .data/) and the OS picks a free port, read back from the "is serving" log line.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
log=$(mktemp)
env -i PATH="$PATH" HOME="${HOME:-/root}" DATA_DIR="$data_dir" PORT=0 npm start >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -9 "$pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

port=""
for _ in $(seq 1 240); do
  port=$(grep -o '"port":[0-9]*' "$log" | head -n 1 | cut -d: -f2 || true)
  if [ -n "$port" ]; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "npm start exited early" >&2; exit 1; fi
  sleep 1
done
[ -n "$port" ] || { cat "$log"; echo "npm start never reported the port it bound" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "listening on $port (PORT=0, DATA_DIR=$data_dir)"
curl -fsS "$base/health/" | grep -q '"status":"ok"' || { cat "$log"; exit 1; }
echo "health: ok"
body=$(curl -fsS -X POST "$base/api/v1/graphql" -H 'Content-Type: application/json' \
  -d '{"query":"{ __typename }"}')
echo "$body" | grep -q '"__typename":"Query"' || { echo "$body"; cat "$log"; exit 1; }
echo "graphql: ok"
grep -q 'EMBEDDED mode' "$log" || { cat "$log"; echo "first log line does not announce embedded mode" >&2; exit 1; }
[ -f "$data_dir/pglite/PG_VERSION" ] || { ls -R "$data_dir"; echo "the database is not under DATA_DIR" >&2; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
if [ "$status" -ne 0 ]; then cat "$log"; echo "npm start exited $status on SIGTERM" >&2; exit 1; fi
grep -q 'shutdown complete' "$log" || { cat "$log"; echo "no clean shutdown" >&2; exit 1; }
echo "SIGTERM: exited 0 after a clean shutdown"
rm -f "$log"
