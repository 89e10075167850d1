import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.factory';
import { prepare, type Started } from './bootstrap';
import { ConfigError } from './config/app-config';
import { stopOnSignals } from './core/stop-on-signals';
import { firstStart, type FirstStartResult } from './modules/demo/first-start';

// A stray rejection is a bug to log, not a reason to drop every agent's connection.
process.on('unhandledRejection', (reason) => console.error('unhandled rejection:', reason));

async function main() {
  const { runtime, dataSource, embedded } = await prepare();
  let app: NestExpressApplication | undefined;
  try {
    const welcome = await firstStart(dataSource, runtime.config);
    app = await createApp(runtime, dataSource);
    stopOnSignals(app, embedded, 'Babillard');
    await app.listen(runtime.config.PORT, runtime.config.HOST).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'EADDRINUSE' ? new ConfigError(`Port ${runtime.config.PORT} is already in use: stop what holds it, or set PORT to a free port.`) : err;
    });
    console.log(banner(app, runtime, embedded, welcome));
  } catch (err) {
    // Nothing outlives a start that failed: the app's connections, then the embedded cluster.
    if (app) await app.close().catch(() => undefined);
    else await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}

/** Where the product answers and how to sign in. */
function banner(app: NestExpressApplication, runtime: Started['runtime'], embedded: Started['embedded'], welcome: FirstStartResult): string {
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : runtime.config.PORT;
  const url = runtime.config.PUBLIC_URL ?? `http://localhost:${port}`;
  return [
    '',
    `  Babillard is running: ${url}`,
    `  API docs:            ${url}/api/docs`,
    `  Database:            ${embedded ? `embedded PostgreSQL (data in ${runtime.config.DATA_DIR}/)` : 'DATABASE_URL'}`,
    ...welcome.logins.map((l) => `  Sign in (${l.role}):    ${l.email} / ${l.password}`),
    ...(welcome.demo ? ['  Demo agents:         marie@, jordan@, sophie@, lea@babillard.local (same password)'] : []),
    '',
  ].join('\n');
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Babillard failed to start:', err);
  process.exit(1);
});
