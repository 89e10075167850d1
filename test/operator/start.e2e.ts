import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_JS, ROOT, startAppProcess } from '../support/app-process';

const run = promisify(execFile);

/**
 * `npm start` on a machine with no PostgreSQL: the built app starts embedded PostgreSQL under its
 * data folder, migrates, seeds the demo, prints where to log in, serves API + console on one port,
 * and Ctrl-C stops PostgreSQL too. The operator CLI works on the same data, while the app runs (on its
 * cluster) and after (starting one of its own).
 */
describe('npm start on embedded PostgreSQL', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'babillard-start-')), 'data');
  chmodSync(join(dataDir, '..'), 0o755);

  it('starts, serves, signs in, and stops PostgreSQL on Ctrl-C', async () => {
    // At info, as an operator runs it.
    const app = await startAppProcess({ DATA_DIR: dataDir, BABILLARD_DEMO: 'true', LOG_LEVEL: 'info' });
    try {
      expect(app.output()).toMatch(/Sign in \(admin\):\s+admin@babillard\.local \/ babillard-demo/);
      expect(app.output()).toMatch(/embedded PostgreSQL/);
      // The banner, not a line per module and route Nest loaded.
      expect(app.output()).not.toMatch(/Mapped \{|dependencies initialized|RoutesResolver/);
      const health = await fetch(`${app.url}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });

      const login = await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@babillard.local', password: 'babillard-demo' }),
      });
      expect(login.status).toBe(200);
      const { user } = await login.json();
      expect(user.workspaces.map((w: { name: string }) => w.name)).toEqual(['Café Boréal', 'Maple & Co.']);
      // The app's own lines still come (its requests, at info).
      const loginLogged = /"url":"\/api\/v1\/auth\/login"/;
      for (let i = 0; i < 100 && !loginLogged.test(app.output()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(app.output()).toMatch(loginLogged);

      // While the app runs, the CLI works on its cluster (rather than try to start a second one on the same data).
      const during = await run(process.execPath, [CLI_JS, 'users:create', '--email', 'pendant@agence.ca', '--name', 'Pendant', '--password', 'motdepasse2', '--workspace', 'Maple & Co.', '--role', 'agent'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      });
      expect(during.stdout).toMatch(/Created pendant@agence\.ca \(agent of Maple & Co\.\)/);
      const signIn = await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'pendant@agence.ca', password: 'motdepasse2' }),
      });
      expect(signIn.status).toBe(200);
      expect((await fetch(`${app.url}/health`)).status).toBe(200);

      // The demo's simulator signs as the platforms would, with the secrets this install generated (none is configured).
      const simulated = await run(
        join(ROOT, 'node_modules/.bin/tsx'),
        ['--tsconfig', 'tsconfig.base.json', 'apps/api/src/simulator/simulate.ts', 'all', 'mix', '--count', '3', '--rate', '50', '--url', app.url],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', META_APP_SECRET: '', X_CONSUMER_SECRET: '', DATA_DIR: dataDir } },
      );
      expect(simulated.stdout).toMatch(/sent 3 webhook\(s\): \{"200":3\}/);
      // Webhooks are not logged per request at info (they are machine traffic); a refused one is a warning.
      const refused = await fetch(`${app.url}/webhooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"object":"page","entry":[]}' });
      expect(refused.status).toBe(401);
      const refusalLogged = /"context":"Webhooks".*refused: POST \/webhooks\/meta 401/;
      for (let i = 0; i < 100 && !refusalLogged.test(app.output()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(app.output()).toMatch(refusalLogged);
      expect(app.output()).not.toMatch(/"url":"\/webhooks\//);

      // A second app on the same port says so, and leaves no PostgreSQL of its own running.
      const otherDir = join(mkdtempSync(join(tmpdir(), 'babillard-start-')), 'data');
      chmodSync(join(otherDir, '..'), 0o755);
      await expect(startAppProcess({ DATA_DIR: otherDir, PORT: new URL(app.url).port })).rejects.toThrow(/Port \d+ is already in use/);
      expect(existsSync(join(otherDir, 'postgres', 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(otherDir, 'postgres', 'postmaster.pid'))).toBe(false);

      if (existsSync(join(ROOT, 'dist/console/index.html'))) {
        const page = await fetch(`${app.url}/inbox`, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
        expect(await page.text()).toMatch(/<div id="root">/);
      }
    } finally {
      // Ctrl-C reaches the terminal's whole foreground group: PostgreSQL, started in a group of its
      // own, does not take it; the app closes first, then stops it.
      expect(await app.interrupt()).toBe(0);
      // The app closed before its database did: no connection was cut under it.
      expect(app.output()).not.toMatch(/terminating connection due to administrator command|Connection terminated unexpectedly|shutting down/);
    }
    // PostgreSQL was stopped cleanly: no postmaster.pid left behind.
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // The CLI runs on the same embedded data; a second start keeps the data (no second demo).
    const created = await run(process.execPath, [CLI_JS, 'users:create', '--email', 'nouveau@agence.ca', '--name', 'Nouveau', '--password', 'motdepasse1', '--workspace', 'Café Boréal', '--role', 'lead'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    expect(created.stdout).toMatch(/Created nouveau@agence\.ca \(lead of Café Boréal\)/);

    const again = await startAppProcess({ DATA_DIR: dataDir, BABILLARD_DEMO: 'true' });
    try {
      const login = await fetch(`${again.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nouveau@agence.ca', password: 'motdepasse1' }),
      });
      expect(login.status).toBe(200);
      const workspaces = await fetch(`${again.url}/api/v1/workspaces`, {
        headers: { authorization: `Bearer ${(await login.json()).accessToken}` },
      });
      expect((await workspaces.json()).map((w: { name: string }) => w.name)).toEqual(['Café Boréal']);
    } finally {
      // A closed terminal (SIGHUP) closes the app as Ctrl-C does.
      expect(await again.stop('SIGHUP')).toBe(0);
      expect(again.output()).not.toMatch(/terminating connection due to administrator command|Connection terminated unexpectedly|shutting down/);
    }
    expect(readFileSync(join(dataDir, 'postgres.password'), 'utf8').length).toBeGreaterThan(10);
  });

  it('refuses to start with invalid configuration or an unreachable database, naming the variable', async () => {
    await expect(startAppProcess({ DATA_DIR: dataDir, PORT: 'not-a-port' }, 15_000)).rejects.toThrow(/Invalid configuration: PORT/);
    // A database that cannot be reached is named, with the reason, without its password or a stack trace.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const refused = startAppProcess({ DATABASE_URL: `postgres://babillard:s3cret-pw@127.0.0.1:${closedPort}/babillard` }, 15_000);
    await expect(refused).rejects.toThrow(new RegExp(`DATABASE_URL: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/babillard \\(connect ECONNREFUSED`));
    const output = await refused.catch((err: Error) => err.message);
    expect(output).not.toMatch(/s3cret-pw|\n\s+at /);
  });
});
