/**
 * `npm run simulate -- <platform> <event> [--count N --rate R --batch B --mood everyday|afterSales|crisis --url U]`
 * Sends correctly signed, realistic webhooks to a running Babillard, for the demo channels.
 * Examples: `npm run simulate -- whatsapp dm --count 5`, `npm run simulate -- x mention --mood crisis`,
 * `npm run simulate -- all mix --count 60 --rate 4`.
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig, type AppConfig } from '../config/app-config';
import { PLATFORM_SECRET_SETTINGS } from '../config/platform-secrets';
import { runningEmbeddedUrl } from '../database/embedded-postgres';
import { DEMO_CHANNELS } from '../modules/demo/demo-seed';
import { SAMPLE_TEXTS } from './sample-texts';
import { buildWebhook, SIMULATED_EVENTS, type SimulatedChannels, type SimulatedEvent } from './webhook-payloads';

/** `<platform> <event>` → the payload kinds it sends. */
const CATALOGUE: Record<string, Record<string, SimulatedEvent[]>> = {
  facebook: { comment: ['fb-comment'], reply: ['fb-reply'], dm: ['messenger'], mix: ['fb-comment', 'fb-reply', 'messenger'] },
  instagram: { comment: ['ig-comment'], dm: ['ig-dm'], mix: ['ig-comment', 'ig-dm'] },
  whatsapp: { dm: ['whatsapp'], message: ['whatsapp'], mix: ['whatsapp'] },
  x: { mention: ['x-mention'], dm: ['x-dm'], mix: ['x-mention', 'x-dm'] },
  all: { mix: [...SIMULATED_EVENTS] },
};

function usage(message?: string): never {
  if (message) console.error(`simulate: ${message}\n`);
  console.error(
    [
      'usage: npm run simulate -- <platform> <event> [--count N] [--rate R] [--batch B] [--mood M] [--url U]',
      'platforms and their events:',
      ...Object.entries(CATALOGUE).map(([p, events]) => `  ${p.padEnd(9)} ${Object.keys(events).join(' | ')}`),
      '  --count N  webhooks to send (default 1)       --rate R  webhooks per second (default 2)',
      `  --batch B  events per webhook (default 1)     --mood M  ${Object.keys(SAMPLE_TEXTS).join(' | ')} (default: a mix)`,
      '  --url U    target (default http://localhost:$PORT or :3000)',
      'Signs with META_APP_SECRET / X_CONSUMER_SECRET from the environment, like the server; unset, with the',
      "install's own (read from DATABASE_URL, or from the embedded PostgreSQL of the app running on DATA_DIR).",
    ].join('\n'),
  );
  process.exit(2);
}

/**
 * The platform secrets the environment does not give, as the install generated them (the server uses
 * those when its environment gives none): read from its database, never created here.
 */
async function withInstallSecrets(config: AppConfig): Promise<AppConfig> {
  if (config.META_APP_SECRET && config.X_CONSUMER_SECRET) return config;
  const url = config.DATABASE_URL ?? runningEmbeddedUrl(config.DATA_DIR);
  if (!url) return config;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ key: string; value: string }>(`SELECT key, value FROM app_setting WHERE key = ANY($1::text[])`, [
      Object.values(PLATFORM_SECRET_SETTINGS),
    ]);
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const filled = { ...config };
    for (const [name, key] of Object.entries(PLATFORM_SECRET_SETTINGS) as [keyof typeof PLATFORM_SECRET_SETTINGS, string][]) {
      filled[name] ||= stored.get(key) ?? '';
    }
    return filled;
  } catch (err) {
    console.warn(`simulate: could not read the install's platform secrets (${(err as Error).message})`);
    return config;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      count: { type: 'string', default: '1' },
      rate: { type: 'string', default: '2' },
      batch: { type: 'string', default: '1' },
      mood: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) usage();
  const [platform, event] = positionals;
  if (!platform || !event) usage('platform and event are required');
  const pool = CATALOGUE[platform]?.[event];
  if (!pool) usage(`unknown platform/event ${platform} ${event}`);
  const mood = values.mood as keyof typeof SAMPLE_TEXTS | undefined;
  if (mood && !(mood in SAMPLE_TEXTS)) usage(`unknown mood ${mood}`);
  const count = Math.max(1, Number(values.count));
  const rate = Math.max(0.1, Number(values.rate));
  const batch = Math.max(1, Number(values.batch));

  const config = await withInstallSecrets(loadConfig());
  if (!config.META_APP_SECRET || !config.X_CONSUMER_SECRET) {
    console.warn('simulate: META_APP_SECRET or X_CONSUMER_SECRET is empty; the server will answer 401 unless it has the same values');
  }
  const target = (values.url ?? `http://localhost:${config.PORT || 3000}`).replace(/\/$/, '');
  const byPlatform = Object.fromEntries(DEMO_CHANNELS.map((c) => [c.platform, c.externalId]));
  const channels: SimulatedChannels = { facebook: byPlatform.facebook, instagram: byPlatform.instagram, whatsapp: byPlatform.whatsapp, x: byPlatform.x };

  const statuses: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const started = Date.now();
    const kind = pool[i % pool.length];
    const hook = buildWebhook(kind, { channels, metaAppSecret: config.META_APP_SECRET, xConsumerSecret: config.X_CONSUMER_SECRET, mood }, batch);
    try {
      const res = await fetch(`${target}${hook.path}`, { method: 'POST', headers: hook.headers, body: hook.body });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      console.log(`${kind.padEnd(11)} → ${res.status} ${await res.text()}`);
    } catch (err) {
      statuses.error = (statuses.error ?? 0) + 1;
      console.error(`${kind.padEnd(11)} → ${(err as Error).message} (is Babillard running at ${target}?)`);
    }
    const wait = 1000 / rate - (Date.now() - started);
    if (i < count - 1 && wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  console.log(`sent ${count} webhook(s): ${JSON.stringify(statuses)}`);
}

void main();
