// relay-compiler and babel-plugin-relay resolve these paths against the cwd, so they are
// built from this file's directory: the config works from the root and from client/.
const path = require('node:path');

module.exports = {
  src: path.join(__dirname, 'client', 'src'),
  schema: path.join(__dirname, 'schema', 'v1.graphql'),
  artifactDirectory: path.join(__dirname, 'client', 'src', '__generated__'),
  language: 'typescript',
  eagerEsModules: true,
  exclude: ['**/node_modules/**', '**/__generated__/**'],
};
