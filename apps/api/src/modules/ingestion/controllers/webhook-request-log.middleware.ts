import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * The platforms' webhooks are machine traffic, up to thousands a second: each is logged once it is
 * answered, refused ones (4xx, 5xx) as warnings an operator sees, accepted ones at debug. They skip
 * the per-request logger every other route gets (pino-http's child logger and its async context,
 * see core/logging.ts): at 200 webhooks/s those objects were a quarter of what the API promoted to
 * its old generation, and each major collection that followed showed in bench:fanout's tail.
 */
@Injectable()
export class WebhookRequestLog implements NestMiddleware {
  private readonly logger = new Logger('Webhooks');

  use(req: Request, res: Response, next: () => void): void {
    const started = performance.now();
    res.once('finish', () => {
      const line = `${req.method} ${req.originalUrl} ${res.statusCode} in ${(performance.now() - started).toFixed(1)} ms`;
      if (res.statusCode >= 400) this.logger.warn(`refused: ${line}`);
      else this.logger.debug(line);
    });
    next();
  }
}
