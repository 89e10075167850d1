import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

interface SerialisedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
}

function requestSummary(req: SerialisedRequest): SerialisedRequest {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress };
}

/** Structured JSON logs; human-readable when a person watches a terminal. */
export function pinoOptions(config: AppConfig): Params {
  const pretty = process.stdout.isTTY && config.NODE_ENV !== 'test' && prettyAvailable();
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Every request gets a child logger whose bindings pino serialises at once, logged or not: the
      // request is bound as what an operator reads (no headers, so no tokens or cookies to redact).
      serializers: { req: requestSummary },
      autoLogging: { ignore: (req) => req.url === '/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
    },
  };
}
