#!/usr/bin/env bash
# Fails when the committed Relay artifacts (client/src/__generated__) or the persisted-query
# allowlist (schema/persisted-queries.json) are not what relay-compiler makes of the sources:
# `relay-compiler --validate` writes nothing and exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install relay-compiler ../relay.config.js --validate

# relay-compiler persists only the operations it regenerates, so a merge can leave the allowlist
# without an operation the artifacts send (or with stale ones): the two sets must be equal.
node - <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve('..');
const allowlist = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'schema/persisted-queries.json'), 'utf8')));
const dir = path.join(root, 'client/src/__generated__');
const sent = fs
  .readdirSync(dir)
  .map((file) => /"id": "([0-9a-f]{64})"/.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[1])
  .filter(Boolean);
const missing = sent.filter((id) => !allowlist.includes(id));
const stale = allowlist.filter((id) => !sent.includes(id));
if (missing.length || stale.length) {
  console.error(`schema/persisted-queries.json: ${missing.length} operation(s) missing, ${stale.length} stale.`);
  console.error('Run: npx relay-compiler ../relay.config.js --repersist (in client/), then drop the stale ids.');
  process.exit(1);
}
console.log(`persisted queries: the allowlist holds exactly the ${sent.length} operations the client sends`);
JS
