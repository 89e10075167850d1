import { BadRequestException, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';

/** The exact bytes a platform signed (app.factory keeps them); absent when the body was not JSON. */
export function rawBodyOf(req: RawBodyRequest<Request>): Buffer {
  if (!req.rawBody || !req.rawBody.length) throw new BadRequestException('body must be a JSON document (Content-Type: application/json)');
  return req.rawBody;
}
