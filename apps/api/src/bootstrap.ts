import pino from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from './config/app-config';
import { PLATFORM_SECRET_SETTINGS } from './config/platform-secrets';
import { warnIfAutovacuumOff } from './database/autovacuum-check';
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
    const dataSource = await openDatabase(databaseUrl, { migrate: opts.migrate ?? true, urlVariable: embedded ? undefined : 'DATABASE_URL' });
    const jwtSecret = config.JWT_SECRET ?? (await ensureSetting(dataSource, 'jwt_secret'));
    const encryptionKey = config.ENCRYPTION_KEY ?? (await ensureSetting(dataSource, 'encryption_key'));
    const platformSecrets = await resolvePlatformSecrets(dataSource, config, log);
    await warnIfAutovacuumOff(dataSource, log);
    return { runtime: { config: { ...config, ...platformSecrets }, databaseUrl, jwtSecret, encryptionKey }, dataSource, embedded };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/**
 * Meta's app secret and X's consumer secret verify the platforms' webhooks. Unset, an install uses
 * secrets of its own, generated once and kept in app_setting: no webhook is ever accepted unsigned,
 * real platforms' webhooks are refused until the real secrets are set (as before), and the demo's
 * simulator (`npm run simulate`), which reads them there, signs as a platform would.
 */
async function resolvePlatformSecrets(
  dataSource: DataSource,
  config: AppConfig,
  log: Pick<pino.Logger, 'info'>,
): Promise<Pick<AppConfig, keyof typeof PLATFORM_SECRET_SETTINGS>> {
  const resolved = { META_APP_SECRET: config.META_APP_SECRET, X_CONSUMER_SECRET: config.X_CONSUMER_SECRET };
  for (const [name, key] of Object.entries(PLATFORM_SECRET_SETTINGS) as [keyof typeof PLATFORM_SECRET_SETTINGS, string][]) {
    if (resolved[name]) continue;
    resolved[name] = await ensureSetting(dataSource, key);
    log.info(`${name} is not set: platform webhooks are checked against this install's own secret (the simulator's); set it to the platform's to receive real ones`);
  }
  return resolved;
}
