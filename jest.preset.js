// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for NestJS),
// and the path aliases of tsconfig.base.json resolve to the libraries' sources.
const swcrc = require('./.swcrc.json.js');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // TypeScript through SWC; also the few ES-module-only dependencies (e.g. content-disposition,
  // required by @fastify/static for Swagger UI, and jose), which Jest's CommonJS runtime cannot load as is.
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', swcrc] },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose)/)'],
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
