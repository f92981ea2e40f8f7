#!/usr/bin/env bash
# CI runs what it ships: the API image, started in production mode against real PostgreSQL and
# Redis, must answer the web client's persisted feed query (the Relay client sends only ids).
#   - With a Docker engine: builds docker/api/Dockerfile and runs the image.
#   - Without one: rebuilds the runtime stage's file layout from the Dockerfile's COPY lines in
#     a temporary directory (scripts/runtime-layout.mjs, after `npm run build`) and runs its
#     CMD there, so paths that default from the repository layout are checked as the image has them.
# Needs PostgreSQL at DATABASE_URL (a scratch database is created and dropped) and Redis at REDIS_URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ADMIN_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379}"
db_url=""
work="$(mktemp -d)"
log="$work/server.log"
server_pid=""
container=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
  if [ -n "$db_url" ]; then
    DATABASE_URL="$ADMIN_URL" node server/scripts/scratch-database.cjs drop "$db_url" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

db_url=$(DATABASE_URL="$ADMIN_URL" node server/scripts/scratch-database.cjs create inkwell_image)
secret() { node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))"; }
run_env=(
  "DATABASE_URL=$db_url" "REDIS_URL=$REDIS" "REDIS_KEY_PREFIX=inkwell:image-smoke:$$:"
  "JWT_ACCESS_SECRET=$(secret)" "JWT_REFRESH_SECRET=$(secret)" "PORT=0" "LOG_LEVEL=info"
)

if docker info >/dev/null 2>&1; then
  echo "==> docker engine found: building docker/api/Dockerfile"
  docker build -q -f docker/api/Dockerfile -t inkwell-api:smoke . >/dev/null
  docker_env=()
  for pair in "${run_env[@]}"; do docker_env+=(-e "$pair"); done
  docker run --rm --network host "${docker_env[@]}" inkwell-api:smoke node server/dist/cli/migrate.js
  container=$(docker run -d --network host "${docker_env[@]}" inkwell-api:smoke)
  logs() { docker logs "$container" 2>&1; }
  alive() { [ "$(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" = true ]; }
else
  echo "==> no docker engine: rebuilding the runtime stage's layout in $work/app"
  [ -f server/dist/main.js ] || npm run build -w server
  plan=$(node scripts/runtime-layout.mjs docker/api/Dockerfile runtime "$work/app")
  image_env=()
  # shellcheck disable=SC2016 # a JavaScript template literal, not shell
  while IFS= read -r pair; do image_env+=("$pair"); done < <(node -e \
    'for (const [k, v] of Object.entries(JSON.parse(process.argv[1]).env)) console.log(`${k}=${v}`)' "$plan")
  mapfile -t cmd < <(node -e 'for (const word of JSON.parse(process.argv[1]).cmd) console.log(word)' "$plan")
  # The image's environment first, then the deployment's (as `docker run -e` overrides ENV).
  (cd "$work/app" && env -i PATH="$PATH" "${image_env[@]}" "${run_env[@]}" node server/dist/cli/migrate.js)
  (cd "$work/app" && exec env -i PATH="$PATH" "${image_env[@]}" "${run_env[@]}" "${cmd[@]}") >"$log" 2>&1 &
  server_pid=$!
  logs() { cat "$log"; }
  alive() { kill -0 "$server_pid" 2>/dev/null; }
fi

port=""
for _ in $(seq 1 60); do
  port=$(logs | grep -o '"port":[0-9]*' | head -n 1 | cut -d: -f2 || true)
  if [ -n "$port" ]; then break; fi
  alive || { logs; echo "the server exited before listening" >&2; exit 1; }
  sleep 1
done
[ -n "$port" ] || { logs; echo "the server never reported its port" >&2; exit 1; }
logs | grep -q '"env":"production"' || { logs; echo "not running in production mode" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "listening on $port"

for check in db cache; do
  curl -fsS "$base/health/$check/" | grep -q '"status":"ok"' || { logs; echo "/health/$check/ is not ok" >&2; exit 1; }
done
echo "health: PostgreSQL and Redis ok"

# The id the web client really sends: the Relay artifact of the feed route.
feed_id=$(grep -o '"id": "[0-9a-f]\{64\}"' client/src/__generated__/FeedRouteQuery.graphql.ts | grep -o '[0-9a-f]\{64\}')
body=$(curl -sS -X POST "$base/api/v1/graphql" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$feed_id\",\"variables\":{\"count\":10}}")
if ! echo "$body" | grep -q '"data":{"posts":{'; then
  echo "$body"
  logs
  echo "the persisted feed query (FeedRouteQuery $feed_id) did not answer" >&2
  exit 1
fi
echo "persisted feed query: ok"
echo "image smoke: the runtime image serves the web client's queries"
