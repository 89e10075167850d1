import { TokenCipher } from './token-cipher';

describe('TokenCipher', () => {
  it('round-trips and never stores the plain text', () => {
    const cipher = new TokenCipher('a-long-enough-secret');
    const sealed = cipher.encrypt('EAAB-page-token');
    expect(sealed).not.toContain('EAAB');
    expect(cipher.decrypt(sealed)).toBe('EAAB-page-token');
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = new TokenCipher('a-long-enough-secret').encrypt('token');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('forged').toString('base64url');
    expect(() => new TokenCipher('a-long-enough-secret').decrypt(parts.join('.'))).toThrow();
    expect(() => new TokenCipher('another-secret-value').decrypt(sealed)).toThrow();
  });
});
