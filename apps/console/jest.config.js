const { swcTransform, moduleNameMapper } = require('../../test/support/jest-preset');

module.exports = {
  displayName: 'console',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
  transform: { '^.+\\.tsx?$': swcTransform(true) },
  moduleNameMapper: { ...moduleNameMapper, '\\.(css|svg|png|mp3|wav)$': '<rootDir>/src/testing/file-stub.js' },
};
