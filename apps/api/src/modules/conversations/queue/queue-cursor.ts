import { BadRequestException } from '@nestjs/common';
import type { ConversationSort } from '@babillard/contracts';

/** The sort key of the last row of a page; the next page starts strictly after it. */
export type QueueCursor =
  | { sort: 'priority'; rank: number; waitingSince: string | null; id: string }
  | { sort: 'last_activity'; lastActivityAt: string; id: string };

/** Keys are kept as PostgreSQL printed them (microseconds), so no row is skipped or repeated. */
export function encodeQueueCursor(c: QueueCursor): string {
  const parts = c.sort === 'priority' ? ['p', c.rank, c.waitingSince, c.id] : ['a', c.lastActivityAt, c.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function decodeQueueCursor(raw: string, sort: ConversationSort): QueueCursor {
  const invalid = () => new BadRequestException('cursor is invalid or belongs to another sort order');
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts)) throw invalid();
  if (sort === 'priority' && parts[0] === 'p' && parts.length === 4) {
    const [, rank, waitingSince, id] = parts;
    const okWaiting = waitingSince === null || (typeof waitingSince === 'string' && TIMESTAMP.test(waitingSince));
    if (Number.isInteger(rank) && okWaiting && typeof id === 'string' && UUID.test(id)) {
      return { sort, rank: rank as number, waitingSince: waitingSince as string | null, id };
    }
  }
  if (sort === 'last_activity' && parts[0] === 'a' && parts.length === 3) {
    const [, lastActivityAt, id] = parts;
    if (typeof lastActivityAt === 'string' && TIMESTAMP.test(lastActivityAt) && typeof id === 'string' && UUID.test(id)) {
      return { sort, lastActivityAt, id };
    }
  }
  throw invalid();
}

/** Printed by PostgreSQL in UTC with microseconds, the precision it stores. */
export const pgIso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
