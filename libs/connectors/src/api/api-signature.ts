import { hmacSha256, verifyPrefixedHmac } from '../webhook-signature';

/** `X-Babillard-Signature: sha256=<hex HMAC-SHA256(channel secret, raw body)>`. */
export function verifyApiChannelSignature(channelSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  return verifyPrefixedHmac(channelSecret, rawBody, header, 'hex');
}

export function signApiChannelBody(channelSecret: string, rawBody: Buffer | string): string {
  return `sha256=${hmacSha256(channelSecret, rawBody, 'hex')}`;
}
