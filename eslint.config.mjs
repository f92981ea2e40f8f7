// Rules are `error` or `off`, never `warn`: a warning nobody fixes is noise.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import relay from 'eslint-plugin-relay';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/__generated__/**',
      '.data/**',
      'coverage/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // process.env is read in platform/config alone; everything else takes the typed config.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/platform/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from platform/config.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'e2e/**', 'server/test/**', 'server/bench/**', 'server/src/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The web client: relay-examples' habits as errors (fragment naming, colocation, typed
    // hooks, no unused fields) and the React hooks rules (the house has no warnings).
    files: ['client/src/**/*.{ts,tsx}'],
    plugins: { relay, 'react-hooks': reactHooks },
    rules: {
      ...Object.fromEntries(
        Object.entries(reactHooks.configs['recommended-latest'].rules).map(([rule]) => [rule, 'error']),
      ),
      'relay/graphql-syntax': 'error',
      'relay/graphql-naming': 'error',
      'relay/generated-typescript-types': 'error',
      'relay/no-future-added-value': 'error',
      'relay/unused-fields': 'error',
      'relay/must-colocate-fragment-spreads': 'error',
      'relay/function-required-argument': 'error',
      'relay/hook-required-argument': 'error',
    },
  },
  {
    // Client layers point one way: the network layer (relay/) and the error table (errors/) know
    // nothing of the session state (auth/, which reaches the network through relay/authPort.ts)
    // or of screens; tests may wire them together.
    files: ['client/src/relay/**/*.ts', 'client/src/errors/**/*.ts'],
    ignores: ['**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/auth/*', '**/features/*', '**/routes/*', '**/routing/*', '**/shared/*'],
              message:
                'relay/ and errors/ sit below auth/ and the screens: pass what they need in (see relay/authPort.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/e2e/**', 'client/scripts/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
  prettier,
);
