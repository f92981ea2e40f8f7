#!/usr/bin/env bash
# The contract gate: schema/v1.graphql matches the code and breaks nothing against fixed
# baselines, never only against its own parent (a breaking commit followed by any other
# schema commit would pass that way):
#   - SCHEMA_BASE (space-separated refs), when set (ci.yml: a pull request's base branch, or
#     the commit a push started from);
#   - else origin/main or main (on main itself: the committed file against its working copy);
#   - and the last release tag (v*) before HEAD, when there is one.
# With CI=true, a missing baseline (a shallow clone, no refs at all) fails the gate.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bases=()
# A push that creates a branch reports its "before" commit as forty zeros: no baseline there.
given="$(echo "${SCHEMA_BASE:-}" | tr ' ' '\n' | grep -v '^0\{40\}$' | tr '\n' ' ' || true)"
if [ -n "${given// /}" ]; then
  read -r -a bases <<<"$given"
else
  for ref in origin/main main; do
    if git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
      bases+=("$ref")
      break
    fi
  done
fi
if release=$(git describe --tags --abbrev=0 --match 'v[0-9]*' HEAD^ 2>/dev/null); then bases+=("$release"); fi

args=()
for ref in "${bases[@]}"; do args+=(--base "$ref"); done
if [ "${CI:-}" = true ]; then args+=(--require-base); fi
echo "schema baselines: ${bases[*]:-(none)}"
npm run schema:check -w server -- "${args[@]}"
