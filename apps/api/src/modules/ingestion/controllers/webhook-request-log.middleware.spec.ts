import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { WebhookRequestLog } from './webhook-request-log.middleware';

describe('WebhookRequestLog', () => {
  const answer = (status: number) => {
    const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
    const req = { method: 'POST', originalUrl: '/webhooks/meta' } as Request;
    const next = jest.fn();
    new WebhookRequestLog().use(req, res, next);
    expect(next).toHaveBeenCalledTimes(1);
    (res as unknown as EventEmitter).emit('finish');
  };

  afterEach(() => jest.restoreAllMocks());

  it('logs a refused webhook as a warning, an accepted one at debug, once answered', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    answer(401);
    answer(200);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^refused: POST \/webhooks\/meta 401 in \d+\.\d ms$/);
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug.mock.calls[0][0]).toMatch(/^POST \/webhooks\/meta 200 in /);
  });
});
