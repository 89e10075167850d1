import { Logger, type LoggerService } from '@nestjs/common';
import { WithoutNestStartupLines } from './logging';

describe('WithoutNestStartupLines', () => {
  const recorder = () => {
    const lines: [string, unknown, unknown[]][] = [];
    const record = (level: string) => (message: unknown, ...rest: unknown[]) => lines.push([level, message, rest]);
    const inner: LoggerService = { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose') };
    return { inner, lines };
  };

  it('leaves out Nest’s start-up lines, passes everything else to the application’s logger', () => {
    const { inner, lines } = recorder();
    const logger = new WithoutNestStartupLines(inner);
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('normalising intake', 'IntakeProcessor');
    logger.warn('socket.io adapter broadcast not found', 'RealtimeGateway');
    logger.error('could not map a route', 'RouterExplorer');
    logger.fatal('out of memory', 'Main');
    expect(lines).toEqual([
      ['log', 'normalising intake', ['IntakeProcessor']],
      ['warn', 'socket.io adapter broadcast not found', ['RealtimeGateway']],
      ['error', 'could not map a route', ['RouterExplorer']],
      ['error', 'out of memory', ['Main']],
    ]);
  });

  it('filters what Nest’s own loggers send once it is the application’s logger', () => {
    const { inner, lines } = recorder();
    Logger.overrideLogger(new WithoutNestStartupLines(inner));
    try {
      new Logger('RoutesResolver').log('HealthController {/health}:');
      new Logger('ChannelsService').log('channel connected');
    } finally {
      Logger.overrideLogger(['error', 'warn']);
    }
    expect(lines.map(([, message]) => message)).toEqual(['channel connected']);
  });
});
