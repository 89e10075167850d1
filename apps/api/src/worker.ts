import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { prepare } from './bootstrap';
import { ConfigError } from './config/app-config';
import { WithoutNestStartupLines } from './core/logging';
import { stopOnSignals } from './core/stop-on-signals';
import { WorkerModule } from './worker.module';

/**
 * A worker process (reply delivery, intake normalisation, pulls): run it beside API processes
 * started with RUN_WORKERS=false. The API applies migrations; the worker only connects.
 */
async function main() {
  const { runtime, dataSource, embedded } = await prepare(process.env, { migrate: false });
  const config = { ...runtime.config, RUN_WORKERS: true };
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...runtime, config }, dataSource), { bufferLogs: true });
  app.useLogger(new WithoutNestStartupLines(app.get(Logger)));
  await app.init();
  app.get(Logger).log('Babillard worker is delivering replies and normalising intake');
  stopOnSignals(app, embedded, 'the Babillard worker');
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Babillard worker failed to start:', err);
  process.exit(1);
});
