/** One `jest` runs every project: the API (unit + integration on real PostgreSQL), the console, and end-to-end. */
module.exports = {
  projects: ['<rootDir>/apps/api', '<rootDir>/libs/contracts', '<rootDir>/libs/connectors', '<rootDir>/apps/console', '<rootDir>/test'],
  // One PostgreSQL server per run (the machine's when TEST_DATABASE_URL/DATABASE_URL is set, else embedded);
  // each test file gets its own database.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
};
