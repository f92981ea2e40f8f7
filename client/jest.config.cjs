/** The web client's unit and component tests: jsdom, @swc/jest (+ babel-plugin-relay). */
module.exports = {
  displayName: 'client',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$': '<rootDir>/jest/relay-swc-transform.cjs' },
  moduleNameMapper: { '\\.css$': '<rootDir>/jest/style-stub.cjs' },
  setupFiles: ['<rootDir>/jest/setup.cjs'],
};
