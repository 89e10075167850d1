import { signMetaBody } from '@babillard/connectors';
import type { Channel, LoginResponse, Me } from '@babillard/contracts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FakeGraphApi } from '../../../apps/api/src/testing/fake-platforms';
import { createTestDatabase } from '../../../apps/api/src/testing/test-database';
import { ROOT, startAppProcess, type AppProcess } from '../../support/app-process';

export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const PASSWORD = 'babillard-demo';
const META_APP_SECRET = 'e2e-meta-app-secret';
export const IG_TOKEN = 'e2e-instagram-token';
const IG_ACCOUNT = '17841405726653026'; // the demo Instagram channel's account id

export interface ConsoleHarness {
  app: AppProcess;
  url: string;
  databaseUrl: string;
  graph: FakeGraphApi;
  browser: Browser;
  api<T>(method: string, path: string, token: string, body?: unknown): Promise<T>;
  login(email: string): Promise<LoginResponse>;
  /** A fresh browser context (its own storage) signed in through the login page. */
  signIn(email: string, opts?: { viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page }>;
  /** A signed Instagram comment webhook, as Meta sends it. */
  instagramComment(text: string, from?: { id: string; username: string }): Promise<string>;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The built app on a fresh database, a fake Graph API, and Debian's Chromium. */
export async function startConsoleHarness(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const { db, graph, app, browser } = await startParts(env);
  const url = app.url.replace('localhost', '127.0.0.1');

  async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function login(email: string): Promise<LoginResponse> {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return (await res.json()) as LoginResponse;
  }

  async function stop(): Promise<void> {
    await withTimeout(browser.close(), 10_000);
    const stopped = await withTimeout(app.stop('SIGINT'), 15_000);
    if (stopped === 'timeout') await withTimeout(app.stop('SIGKILL'), 5_000);
    await withTimeout(graph.stop(), 5_000);
    await withTimeout(db.drop(), 15_000);
  }

  try {
    // The demo Instagram channel speaks to the fake Graph API with a token it accepts.
    const admin = await login('admin@babillard.local');
    const workspaceId = admin.user.workspaces.find((w) => w.name === 'Café Boréal')!.id;
    const channels = await api<Channel[]>('GET', `/workspaces/${workspaceId}/channels`, admin.accessToken);
    const ig = channels.find((c) => c.platform === 'instagram')!;
    await api('PATCH', `/workspaces/${workspaceId}/channels/${ig.id}`, admin.accessToken, { accessToken: IG_TOKEN });
  } catch (err) {
    await stop();
    throw err;
  }

  let seq = 0;
  return {
    app,
    url,
    databaseUrl: db.url,
    graph,
    browser,
    api,
    login,
    async signIn(email, opts = {}) {
      const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[${email}] page error: ${e.message}`));
      await page.goto(`${url}/login`);
      await page.locator('#login-email').fill(email);
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('form.login button[type=submit]').click();
      await page.locator('.views').waitFor();
      return { context, page };
    },
    async instagramComment(text, from = { id: '7781234567', username: 'client.e2e' }) {
      seq += 1;
      const id = `1786${Date.now()}${seq}`;
      const payload = {
        object: 'instagram',
        entry: [
          {
            id: IG_ACCOUNT,
            time: Date.now(), // Instagram sends entry.time in milliseconds
            changes: [{ field: 'comments', value: { from, media: { id: '17895695668004550', media_product_type: 'FEED' }, id, text } }],
          },
        ],
      };
      const body = JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const res = await fetch(`${url}/webhooks/meta`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(META_APP_SECRET, body) },
        body,
      });
      if (res.status !== 200) throw new Error(`webhook → ${res.status} ${await res.text()}`);
      return id;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
    stop,
  };
}

/**
 * The database, the fake Graph API, the app and the browser. Should one fail to start (Chromium
 * missing, say), those already started are stopped: a process left running would keep the test
 * run from ever ending.
 */
async function startParts(env: Record<string, string>) {
  const started: (() => Promise<unknown>)[] = [];
  try {
    const db = await createTestDatabase();
    started.push(() => db.drop());
    const graph = await new FakeGraphApi(new Map([[IG_TOKEN, IG_ACCOUNT]])).start();
    started.push(() => graph.stop());
    const app = await startAppProcess({
      DATABASE_URL: db.url,
      BABILLARD_DEMO: 'true',
      JWT_SECRET: 'e2e-jwt-secret-0123456789',
      ENCRYPTION_KEY: 'e2e-encryption-key-0123456789',
      META_APP_SECRET,
      META_VERIFY_TOKEN: 'e2e-verify',
      X_CONSUMER_SECRET: 'e2e-x-secret',
      META_GRAPH_URL: graph.graphUrl,
      LOGIN_THROTTLE_LIMIT: '1000',
      ...env,
    });
    started.push(() => app.stop('SIGKILL'));
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return { db, graph, app, browser };
  } catch (err) {
    for (const stop of started.reverse()) await withTimeout(stop(), 15_000);
    throw err;
  }
}

export const workspaceOf = (me: Me, name = 'Café Boréal') => me.workspaces.find((w) => w.name === name)!.id;

/** Teardown must never hang the run: give each step a bound. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([p.catch(() => 'timeout' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
