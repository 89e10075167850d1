import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';

function serverUrl(): string {
  const url = process.env.BABILLARD_TEST_SERVER_URL;
  if (!url) throw new Error('BABILLARD_TEST_SERVER_URL is unset: run tests through jest (global setup)');
  return url;
}

export function databaseUrl(name: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

const run = () => process.env.BABILLARD_TEST_RUN ?? 'local';
const templateName = () => `bab_tpl_${run()}`;

async function withAdminClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Migrates the run's template database once, whichever test file (in whichever worker) comes first. */
async function ensureTemplate(): Promise<void> {
  await withAdminClient(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(727272)');
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateName()]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE "${templateName()}_building"`);
      const ds = new DataSource(dataSourceOptions(databaseUrl(`${templateName()}_building`), { logging: false }));
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      await ds.destroy();
      await admin.query(`ALTER DATABASE "${templateName()}_building" RENAME TO "${templateName()}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(727272)');
    }
  });
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  await ensureTemplate();
  const name = `bab_t_${run()}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
