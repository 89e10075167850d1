import { humanDuration, replyRefusal } from './reply-rules';

const now = new Date('2026-11-25T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('replyRefusal', () => {
  it('refuses empty and blank text', () => {
    expect(replyRefusal('   ', { platform: 'x', kind: 'mention', lastInboundAt: null, humanAgentTag: false }, now)).toMatch(/empty/);
  });

  it('refuses text over the platform limit, naming the limit', () => {
    const msg = replyRefusal('a'.repeat(281), { platform: 'x', kind: 'mention', lastInboundAt: null, humanAgentTag: false }, now);
    expect(msg).toBe('the reply is 281 characters; X allows 280 in a public reply (1 too many)');
    expect(replyRefusal('a'.repeat(280), { platform: 'x', kind: 'mention', lastInboundAt: null, humanAgentTag: false }, now)).toBeNull();
    expect(replyRefusal('a'.repeat(2001), { platform: 'facebook', kind: 'dm', lastInboundAt: hoursAgo(1), humanAgentTag: false }, now)).toMatch(
      /2,001 characters; Facebook allows 2,000/,
    );
  });

  it('counts characters, not UTF-16 units', () => {
    expect(replyRefusal('😀'.repeat(280), { platform: 'x', kind: 'mention', lastInboundAt: null, humanAgentTag: false }, now)).toBeNull();
  });

  it('says how long ago the messaging window closed', () => {
    expect(replyRefusal('hi', { platform: 'whatsapp', kind: 'dm', lastInboundAt: hoursAgo(27), humanAgentTag: false }, now)).toMatch(
      /^the 24-hour window closed 3 h ago/,
    );
    expect(replyRefusal('hi', { platform: 'facebook', kind: 'dm', lastInboundAt: hoursAgo(23), humanAgentTag: false }, now)).toBeNull();
  });

  it('lets the human-agent tag extend Messenger and Instagram to 7 days, not WhatsApp', () => {
    expect(replyRefusal('hi', { platform: 'facebook', kind: 'dm', lastInboundAt: hoursAgo(72), humanAgentTag: true }, now)).toBeNull();
    expect(replyRefusal('hi', { platform: 'instagram', kind: 'dm', lastInboundAt: hoursAgo(24 * 8), humanAgentTag: true }, now)).toMatch(
      /^the 7-day window closed 1 day|^the 7-day window closed 24 h ago/,
    );
    expect(replyRefusal('hi', { platform: 'whatsapp', kind: 'dm', lastInboundAt: hoursAgo(30), humanAgentTag: true }, now)).toMatch(/24-hour/);
  });

  it('has no window on comments', () => {
    expect(replyRefusal('hi', { platform: 'facebook', kind: 'comment', lastInboundAt: hoursAgo(24 * 30), humanAgentTag: false }, now)).toBeNull();
  });
});

describe('humanDuration', () => {
  it('reads like an agent would say it', () => {
    expect(humanDuration(45 * 60_000)).toBe('45 min');
    expect(humanDuration(3 * 3_600_000)).toBe('3 h');
    expect(humanDuration(72 * 3_600_000)).toBe('3 days');
  });
});
