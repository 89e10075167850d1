import { RequestMethod, type LoggerService } from '@nestjs/common';
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
    // Webhooks log themselves, without a logger per request (WebhookRequestLog).
    exclude: [{ method: RequestMethod.ALL, path: 'webhooks/*path' }],
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

/** Nest's own start-up contexts: a line per module loaded, per controller, per route and gateway mapped. */
const NEST_STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestFactory', 'NestApplication']);

/**
 * The application's logger for Nest (app.useLogger): everything goes to `inner` (pino) but Nest's
 * start-up lines at info level, a hundred of them before the start banner that tell an operator
 * nothing the banner does not. Nest's warnings and errors from those contexts still pass.
 */
export class WithoutNestStartupLines implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && NEST_STARTUP_CONTEXTS.has(context)) return;
    this.inner.log(message, ...optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug?.(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.verbose?.(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...optionalParams);
  }
}
