import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string, data: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(data).digest(encoding);
}

/**
 * Compares a `sha256=<digest>` header with the HMAC of the raw body, in constant time. An empty
 * secret never verifies: an unconfigured install rejects everything rather than accepting anything.
 */
export function verifyPrefixedHmac(
  secret: string,
  rawBody: Buffer,
  header: string | undefined | null,
  encoding: 'hex' | 'base64',
): boolean {
  if (!secret || !header || !header.startsWith('sha256=')) return false;
  const received = Buffer.from(header.slice('sha256='.length).trim(), 'utf8');
  let expectedDigest = hmacSha256(secret, rawBody, encoding);
  if (encoding === 'hex') expectedDigest = expectedDigest.toLowerCase();
  const expected = Buffer.from(expectedDigest, 'utf8');
  const candidate = encoding === 'hex' ? Buffer.from(received.toString('utf8').toLowerCase(), 'utf8') : received;
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
