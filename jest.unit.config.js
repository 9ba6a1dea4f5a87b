module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,scripts,bench,test,web}/**/*.spec.ts'],
};
