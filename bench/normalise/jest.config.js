const { swcTransform, moduleNameMapper } = require('../../test/support/jest-preset');

/** `npm run bench:normalise`: jest only hosts the benchmark (a real app on a real PostgreSQL); it prints figures. */
module.exports = {
  displayName: 'bench',
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/bench/normalise/*.bench.ts'],
  transform: { '^.+\\.ts$': swcTransform() },
  moduleNameMapper,
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 600000,
};
