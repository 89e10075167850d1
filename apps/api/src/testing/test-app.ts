import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../app.factory';
import { prepare } from '../bootstrap';
import type { Runtime } from '../core/runtime';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  runtime: Runtime;
  databaseUrl: string;
  /** Base URL when started with `listen: true` (socket.io tests, fake-platform round trips). */
  url: string | null;
  close(): Promise<void>;
}

export const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  BABILLARD_DEMO: 'false',
  JWT_SECRET: 'test-jwt-secret-0123456789',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789',
  META_APP_SECRET: 'test-meta-app-secret',
  META_VERIFY_TOKEN: 'test-verify-token',
  X_CONSUMER_SECRET: 'test-x-consumer-secret',
  LOGIN_THROTTLE_LIMIT: '1000',
};

/**
 * The real app on its own fresh, migrated database — or, with `databaseUrl`, on another test app's
 * database (a second API process sharing it; closing this one leaves the database in place).
 */
export async function createTestApp(
  opts: { env?: Record<string, string>; listen?: boolean; databaseUrl?: string } = {},
): Promise<TestApp> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const env = { ...TEST_ENV, ...opts.env, DATABASE_URL: db.url } as NodeJS.ProcessEnv;
  const { runtime, dataSource } = await prepare(env, { migrate: false });
  const app = await createApp(runtime, dataSource);
  let url: string | null = null;
  if (opts.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  } else {
    await app.init();
  }
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    runtime,
    databaseUrl: db.url,
    url,
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}

export async function login(http: TestApp['http'], email: string, password: string): Promise<string> {
  const res = await request(http).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}
