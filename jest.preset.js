// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for NestJS),
// and the path aliases of tsconfig.base.json resolve to the libraries' sources.
const swcrc = require('./.swcrc.json.js');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcrc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@concert/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@concert/platform$': '<rootDir>/libs/platform/src/index.ts',
    '^@concert/testing$': '<rootDir>/libs/testing/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  clearMocks: true,
  restoreMocks: true,
};
