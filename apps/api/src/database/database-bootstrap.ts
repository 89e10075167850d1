import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

// Held while migrating or seeding so several API processes starting together do it once.
const BOOTSTRAP_LOCK = 4_242_001;

export async function withBootstrapLock<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    return await fn();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Connects and applies pending migrations (never `synchronize`). With `urlVariable` (the setting the
 * URL came from), a failed connection is a configuration error naming it, the server and the reason,
 * without the password or a stack trace.
 */
export async function openDatabase(url: string, opts: { migrate: boolean; poolSize?: number; urlVariable?: string }): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: opts.poolSize ?? 20 } }));
  await ds.initialize().catch((err: Error & { code?: string }) => {
    if (!opts.urlVariable) throw err;
    const where = new URL(url);
    throw new ConfigError(
      `${opts.urlVariable}: cannot connect to PostgreSQL at ${where.host}${where.pathname} (${err.message}${err.code && !err.message.includes(err.code) ? `, ${err.code}` : ''})`,
    );
  });
  if (opts.migrate) {
    await withBootstrapLock(ds, () => ds.runMigrations({ transaction: 'each' }));
  }
  return ds;
}

/** A value generated on first start and kept in the database (secrets the operator did not set). */
export async function ensureSetting(ds: DataSource, key: string, generate: () => string = () => randomBytes(32).toString('base64url')): Promise<string> {
  await ds.query(`INSERT INTO app_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, generate()]);
  const rows: { value: string }[] = await ds.query(`SELECT value FROM app_setting WHERE key = $1`, [key]);
  return rows[0].value;
}
