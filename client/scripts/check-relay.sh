#!/usr/bin/env bash
# Fails when the committed Relay artifacts (client/src/__generated__) or the persisted-query
# allowlist (schema/persisted-queries.json) are not what relay-compiler makes of the sources:
# `relay-compiler --validate` writes nothing and exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install relay-compiler ../relay.config.js --validate
