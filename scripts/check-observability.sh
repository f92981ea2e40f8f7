#!/usr/bin/env bash
# Offline checks of the observability stack, called by .ci/run (after the services are up):
#   the compose profile, the Prometheus config and alert rules (promtool check + unit tests),
#   the Grafana dashboard and provisioning (JSON/YAML parse), then the server tests that compare
#   the dashboard and rules with a live scrape and let a real Prometheus scrape a running server.
# Installs Debian's prometheus (promtool) and docker-compose when absent. Exits 1 on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OBS=docker/observability
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_updated=0
ensure() { # ensure COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "....  installing $2 (apt)"
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$2" >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log" >&2; return 1; }
}

ensure promtool prometheus
ensure prometheus prometheus
if ! docker compose version >/dev/null 2>&1; then ensure docker-compose docker-compose; fi
compose() { if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi; }

echo "==> compose: the observability profile renders"
compose --env-file .env.example --profile observability config -q
services="$(compose --env-file .env.example --profile observability config --services)"
for service in prometheus grafana tempo; do
  grep -qx "$service" <<<"$services" || { echo "the profile has no $service service" >&2; exit 1; }
done

echo "==> promtool: config, rules, rule unit tests"
# The config names the rules by their path inside the container; check it against the repo's copy.
sed "s#/etc/prometheus/alerts.yml#$PWD/$OBS/prometheus/alerts.yml#" "$OBS/prometheus/prometheus.yml" >"$work/prometheus.yml"
promtool check config "$work/prometheus.yml"
promtool check rules "$OBS/prometheus/alerts.yml"
(cd "$OBS/prometheus" && promtool test rules alerts.test.yml)

echo "==> grafana: dashboard JSON and provisioning YAML parse"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const fs = require("node:fs");
  const { parse } = require("yaml");
  const dashboard = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  if (!Array.isArray(dashboard.panels) || dashboard.panels.length === 0) throw new Error("no panels");
  for (const file of process.argv.slice(2)) parse(fs.readFileSync(file, "utf8"));
  console.log(`dashboard "${dashboard.title}": ${dashboard.panels.length} panels`);
' "$OBS/grafana/dashboards/inkwell.json" "$OBS"/grafana/provisioning/*/*.yml "$OBS/tempo/tempo.yml"

echo "==> dashboard and rules against a live scrape; a real Prometheus scraping a running server"
(cd server && REQUIRE_PROMETHEUS=1 TEST_REQUIRE_SERVICES="${TEST_REQUIRE_SERVICES:-1}" \
  node test/run-tests.js test/observability/dashboards.test.ts test/observability/prometheus.test.ts)

echo "observability checks passed"
