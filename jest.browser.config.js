// Browser tests (npm run test:browser): Debian's Chromium driven by playwright-core against one
// system started from dist/ for the whole suite, which is one file (test/browser/).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 90_000,
  maxWorkers: 1,
};
