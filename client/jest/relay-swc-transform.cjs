// @swc/jest compiles TypeScript and JSX; graphql`` tags are first replaced by imports of
// their generated artifacts with babel-plugin-relay (the same plugin the Vite build runs).
// swc's own Relay plugin is a wasm module pinned to one swc_core version; this keeps
// the test build on the same transform as production.
const { createHash } = require('node:crypto');
const babel = require('@babel/core');
const swcJest = require('@swc/jest');

const swc = swcJest.createTransformer({
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
});

function relayTransform(source, filename) {
  if (!source.includes('graphql`')) return source;
  const out = babel.transformSync(source, {
    filename,
    babelrc: false,
    configFile: false,
    parserOpts: { plugins: ['typescript', 'jsx'] },
    plugins: ['babel-plugin-relay'],
    retainLines: true,
  });
  return out.code;
}

module.exports = {
  process(source, filename, options) {
    return swc.process(relayTransform(source, filename), filename, options);
  },
  getCacheKey(source, filename, options) {
    return createHash('sha256')
      .update(swc.getCacheKey(source, filename, options))
      .update('relay-v1')
      .digest('hex');
  },
};
