const { swcTransform, moduleNameMapper } = require('./support/jest-preset');

/** Cross-app end-to-end tests: the built app as a real process, HTTP, socket.io and Chromium. */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  transform: { '^.+\\.ts$': swcTransform() },
  moduleNameMapper,
  setupFilesAfterEnv: ['<rootDir>/support/e2e-timeout.js'],
};
