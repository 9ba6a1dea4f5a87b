module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,scripts,bench,test}/**/*.spec.ts'],
};
