// relay-compiler and babel-plugin-relay resolve these paths against the cwd, so they are
// built from this file's directory: the config works from the root and from client/.
const path = require('node:path');

module.exports = {
  src: path.join(__dirname, 'client', 'src'),
  schema: path.join(__dirname, 'schema', 'v1.graphql'),
  artifactDirectory: path.join(__dirname, 'client', 'src', '__generated__'),
  language: 'typescript',
  eagerEsModules: true,
  excludes: ['**/node_modules/**', '**/__generated__/**'],
  // The client sends only `{id, variables}`; this file (sha256 → text) is the server's
  // allowlist, which it loads from PERSISTED_QUERIES_FILE (default: this very path).
  persistConfig: {
    file: path.join(__dirname, 'schema', 'persisted-queries.json'),
    algorithm: 'SHA256',
  },
  customScalarTypes: { DateTime: 'string' },
};
