const { swcTransform, moduleNameMapper } = require('../../test/support/jest-preset');

module.exports = {
  displayName: 'contracts',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.ts$': swcTransform() },
  moduleNameMapper,
};
