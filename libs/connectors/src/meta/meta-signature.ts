import { timingSafeEqual } from 'node:crypto';
import { hmacSha256, verifyPrefixedHmac } from '../webhook-signature';

/** `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>`. */
export function verifyMetaSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  return verifyPrefixedHmac(appSecret, rawBody, header, 'hex');
}

export function signMetaBody(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${hmacSha256(appSecret, rawBody, 'hex')}`;
}

/** The subscription handshake: the challenge to echo back, or null when the token does not match. */
export function metaHandshakeChallenge(
  verifyToken: string,
  query: { mode?: unknown; token?: unknown; challenge?: unknown },
): string | null {
  if (!verifyToken || query.mode !== 'subscribe' || typeof query.token !== 'string' || typeof query.challenge !== 'string') {
    return null;
  }
  const a = Buffer.from(query.token);
  const b = Buffer.from(verifyToken);
  if (a.length !== b.length) return null;
  return timingSafeEqual(a, b) ? query.challenge : null;
}
