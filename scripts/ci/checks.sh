#!/usr/bin/env bash
# The code checks, in the order CI runs them (after `npm ci`, with PostgreSQL and Redis up):
# lint, the client's copy of the server's error codes, typecheck, build, the whole test suite
# against the real services, and the generated Relay artifacts. .ci/run and
# .github/workflows/ci.yml both call this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

step() { printf '\n==> %s\n' "$*"; }

step "lint"
npm run lint

step "the client's error codes are the server's table (npm run errors:check -w client)"
npm run errors:check -w client

step "typecheck"
npm run typecheck

step "build"
npm run build

step "test (TEST_REQUIRE_SERVICES=1 npm test)"
TEST_REQUIRE_SERVICES=1 npm test

step "relay artifacts and persisted queries are current (npm run relay:check -w client)"
npm run relay:check -w client
