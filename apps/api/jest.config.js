const { swcTransform, moduleNameMapper } = require('../../test/support/jest-preset');

module.exports = {
  displayName: 'api',
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.ts$': swcTransform() },
  moduleNameMapper,
};
