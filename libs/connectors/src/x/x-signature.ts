import { hmacSha256, verifyPrefixedHmac } from '../webhook-signature';

/** `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`. */
export function verifyXSignature(consumerSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  return verifyPrefixedHmac(consumerSecret, rawBody, header, 'base64');
}

export function signXBody(consumerSecret: string, rawBody: Buffer | string): string {
  return `sha256=${hmacSha256(consumerSecret, rawBody, 'base64')}`;
}

/** Account Activity CRC: `{"response_token": "sha256=<base64 HMAC(consumer secret, crc_token)>"}`. */
export function xCrcResponse(consumerSecret: string, crcToken: string): { response_token: string } {
  return { response_token: `sha256=${hmacSha256(consumerSecret, crcToken, 'base64')}` };
}
