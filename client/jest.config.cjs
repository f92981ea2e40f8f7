/** The web client's unit and component tests: jsdom, @swc/jest (+ babel-plugin-relay). */
module.exports = {
  displayName: 'client',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$|\\.mjs$': '<rootDir>/jest/relay-swc-transform.cjs' },
  // d3-array ships ES modules only: compile it (and its one dependency) like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(d3-array|internmap)/)'],
  moduleNameMapper: { '\\.css$': '<rootDir>/jest/style-stub.cjs' },
  setupFiles: ['<rootDir>/jest/setup.cjs'],
};
