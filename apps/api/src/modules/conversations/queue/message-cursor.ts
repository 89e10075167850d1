import { BadRequestException } from '@nestjs/common';

/** Position of the oldest message of a page; the next page holds older ones. */
export interface MessageCursor {
  createdAt: string;
  id: string;
}

export const encodeMessageCursor = (c: MessageCursor) => Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

export function decodeMessageCursor(raw: string): MessageCursor {
  try {
    const parts: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 2) {
      const [createdAt, id] = parts;
      if (typeof createdAt === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(createdAt) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
        return { createdAt, id };
      }
    }
  } catch {
    // fall through
  }
  throw new BadRequestException('cursor is invalid');
}
