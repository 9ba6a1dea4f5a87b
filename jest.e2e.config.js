module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
  // The two-minute chaos run is `npm run test:chaos` (docs/operations.md#chaos-runs).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', ...(process.env.E2E_CHAOS === '1' ? [] : ['/test/e2e/chaos\\.e2e-spec\\.ts$'])],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
