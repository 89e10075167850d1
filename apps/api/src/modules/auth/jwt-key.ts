import { createSecretKey, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

/**
 * The HMAC key for access tokens as a KeyObject, made once per secret. Given the string secret,
 * jsonwebtoken re-derives a key on every sign and verify (first trying it as a PEM public key, which
 * throws), a cost every authenticated request and socket handshake paid.
 */
export function jwtKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}
