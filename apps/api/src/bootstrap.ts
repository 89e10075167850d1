import pino from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from './config/app-config';
import { ensureSetting, openDatabase } from './database/database-bootstrap';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import type { Runtime } from './core/runtime';

export interface Started {
  runtime: Runtime;
  dataSource: DataSource;
  embedded: EmbeddedDatabase | null;
}

/**
 * Everything before Nest: validate the environment, reach PostgreSQL (DATABASE_URL, else embedded
 * under DATA_DIR), apply migrations, and resolve the install's secrets.
 */
export async function prepare(env: NodeJS.ProcessEnv = process.env, opts: { migrate?: boolean } = {}): Promise<Started> {
  const config: AppConfig = loadConfig(env);
  const log = pino({ level: config.LOG_LEVEL, base: { name: 'bootstrap' } });
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, logger: log });
    databaseUrl = embedded.url;
  }
  try {
    const dataSource = await openDatabase(databaseUrl, { migrate: opts.migrate ?? true });
    const jwtSecret = config.JWT_SECRET ?? (await ensureSetting(dataSource, 'jwt_secret'));
    const encryptionKey = config.ENCRYPTION_KEY ?? (await ensureSetting(dataSource, 'encryption_key'));
    return { runtime: { config, databaseUrl, jwtSecret, encryptionKey }, dataSource, embedded };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
