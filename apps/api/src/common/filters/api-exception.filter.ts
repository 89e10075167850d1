import type { ApiError } from '@babillard/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';

const DATABASE_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02',
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string } } | null;
  if (!e) return false;
  const code = e.code ?? e.driverError?.code;
  if (code && DATABASE_UNAVAILABLE_CODES.has(code)) return true;
  const message = e.message ?? '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
    message,
  );
}

/** Every error leaves as `{statusCode, error, message}`; a client's mistake is never a 500. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return make(status, response);
      const r = response as { message?: string | string[]; error?: string; details?: string[] };
      if (Array.isArray(r.message)) return { ...make(status, r.message.join('; ')), details: r.message };
      return { ...make(status, r.message ?? exception.message), ...(r.details ? { details: r.details } : {}) };
    }
    const e = exception as { type?: string; status?: number; code?: string; detail?: string } & Error;
    // body-parser errors
    if (e?.type === 'entity.parse.failed') return make(400, 'malformed JSON body');
    if (e?.type === 'entity.too.large') return make(413, 'request body is too large');
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return make(415, e.message);
    if (exception instanceof EntityNotFoundError) return make(404, 'not found');
    if (exception instanceof QueryFailedError) {
      const code = (exception as unknown as { code?: string }).code;
      const detail = (exception as unknown as { detail?: string }).detail;
      if (code === '23505') return make(409, `already exists${detail ? `: ${detail}` : ''}`);
      if (code === '23503') return make(400, `refers to something that does not exist${detail ? `: ${detail}` : ''}`);
      if (code === '22P02' || code === '22007' || code === '22008') return make(400, 'a value has the wrong format');
      if (code === '23514') return make(400, 'a value is not allowed');
      if (code === '22001') return make(400, 'a value is too long');
    }
    if (isDatabaseUnavailable(exception)) return make(503, 'storage is unavailable, retry later');
    return make(500, 'internal error');
  }
}

function make(statusCode: number, message: string): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? HttpStatus[statusCode] ?? 'Error', message };
}
