import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import securityHeaders from './core/security-headers';
import { Logger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { findConsoleDist, hostConsole } from './core/console-hosting';
import { keepConnectionsAlive } from './core/http-server';
import { WithoutNestStartupLines } from './core/logging';
import type { Runtime } from './core/runtime';
import { APP_VERSION } from './core/version';

/** Builds the Nest application (HTTP + socket.io) on an already migrated database. */
export async function createApp(runtime: Runtime, dataSource: DataSource): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(runtime, dataSource), {
    // Nest's start-up chatter (every module loaded, every route mapped) stays out of the log, before
    // pino takes over below and after (WithoutNestStartupLines).
    logger: ['error', 'warn'],
    rawBody: true,
    bodyParser: false,
  });
  app.useLogger(new WithoutNestStartupLines(app.get(Logger)));
  keepConnectionsAlive(app.getHttpServer(), runtime.config.HTTP_KEEP_ALIVE_TIMEOUT_MS);
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use(securityHeaders);
  // rawBody keeps the exact bytes webhooks are signed over.
  app.useBodyParser('json', { limit: runtime.config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  app.useGlobalPipes(createValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Babillard API')
    .setDescription('Unified social inbox and helpdesk: webhooks, queue, replies, routing.')
    .setVersion(APP_VERSION)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });

  const consoleDir = findConsoleDist(runtime.config.CONSOLE_DIST);
  if (consoleDir) hostConsole(app, consoleDir);
  return app;
}
