import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import serveStatic from 'serve-static';

const NOT_CONSOLE = /^\/(api|webhooks|socket\.io|health)(\/|$)/;

export function findConsoleDist(configured?: string): string | null {
  const candidates = configured
    ? [resolve(configured)]
    : [resolve(process.cwd(), 'dist/console'), join(__dirname, '../../../../console'), join(__dirname, '../../../../../dist/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the built console on the API's port, with client-side routes falling back to index.html.
 * API, webhook, socket and health paths skip it: a static-file lookup would cost every API call a
 * file-system stat.
 */
export function hostConsole(app: NestExpressApplication, dir: string): void {
  const assets = serveStatic(dir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml });
  app.use((req: Request, res: Response, next: NextFunction) => (NOT_CONSOLE.test(req.path) ? next() : assets(req, res, next)));
  const indexHtml = join(dir, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || NOT_CONSOLE.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
}

function noCacheForHtml(res: Response, path: string) {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (/[.-][A-Za-z0-9_-]{8,}\.(js|css)$/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
