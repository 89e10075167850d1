const { swcTransform, moduleNameMapper } = require('../../test/support/jest-preset');

module.exports = {
  displayName: 'connectors',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.ts$': swcTransform() },
  moduleNameMapper,
};
