#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, postgres user without a password) and Redis
# (127.0.0.1:6379) answer, installing (apt) and starting them when they do not. Used by
# .ci/run on a fresh machine; GitHub Actions runs them as service containers instead.
set -euo pipefail

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

wait_for() { # wait_for <seconds> <command...>
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 1
  done
}

postgres_answers() { pg_isready -h 127.0.0.1 -p 5432 -q; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

ensure_postgres() {
  command -v pg_isready >/dev/null || apt_install postgresql postgresql-client
  if postgres_answers; then
    echo "PostgreSQL answers"
    return
  fi
  if [ ! -d /etc/postgresql ] || [ -z "$(ls /etc/postgresql)" ]; then apt_install postgresql; fi
  local version
  version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for 30 postgres_answers || {
    echo "PostgreSQL did not start" >&2
    exit 1
  }
  # Trust auth for local TCP connections, as the test suite expects (postgres user, no password).
  psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1 || {
    echo "PostgreSQL refuses postgres@127.0.0.1 without a password" >&2
    exit 1
  }
  echo "PostgreSQL started"
}

ensure_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  if redis_answers; then
    echo "Redis answers"
    return
  fi
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for 15 redis_answers || {
    echo "Redis did not start" >&2
    exit 1
  }
  echo "Redis started"
}

ensure_chromium() { command -v chromium >/dev/null || apt_install chromium; }

case "${1:-all}" in
  all)
    ensure_postgres
    ensure_redis
    ;;
  chromium) ensure_chromium ;;
  *)
    echo "usage: services.sh [all|chromium]" >&2
    exit 2
    ;;
esac
