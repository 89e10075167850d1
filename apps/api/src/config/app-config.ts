import { z } from 'zod';

const booleanFromEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.string().default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  REDIS_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'JWT_SECRET must be at least 16 characters').optional()),
  ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, z.string().min(16, 'ENCRYPTION_KEY must be at least 16 characters').optional()),
  ACCESS_TOKEN_TTL: z.coerce.number().int().positive().default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().positive().default(30 * 24 * 3600),
  LOGIN_THROTTLE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_THROTTLE_TTL: z.coerce.number().int().positive().default(60),
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional()),
  BABILLARD_DEMO: booleanFromEnv(true),
  META_APP_SECRET: z.string().default(''),
  META_VERIFY_TOKEN: z.string().default(''),
  X_CONSUMER_SECRET: z.string().default(''),
  META_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0'),
  X_API_URL: z.url().default('https://api.x.com'),
  BODY_LIMIT: z.string().default('5mb'),
  /** How long an idle keep-alive connection stays open (why not Node's 5 s: core/http-server.ts). */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(65_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE_DIST: z.string().optional(),
  /** `false` runs the API without job workers (a dedicated worker process runs them). */
  RUN_WORKERS: booleanFromEnv(true),
  /** Replies: how long one platform call may take, the first retry delay, attempts before failing. */
  REPLY_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  REPLY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2_000),
  REPLY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  /** Wait on a Graph throttle when the platform does not say how long (it never sends Retry-After). */
  REPLY_RATE_LIMIT_WAIT_MS: z.coerce.number().int().min(100).default(60_000),
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Reads and validates the environment once; nothing else in the API reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
