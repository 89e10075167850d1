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

/** Structured JSON logs; human-readable when a person watches a terminal. */
export function pinoOptions(config: AppConfig): Params {
  const pretty = process.stdout.isTTY && config.NODE_ENV !== 'test' && prettyAvailable();
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]'],
      autoLogging: { ignore: (req) => req.url === '/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } } : {}),
    },
  };
}
