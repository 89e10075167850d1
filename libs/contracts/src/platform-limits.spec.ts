import { messagingWindowState, replyLengthLimit } from './platform-limits';

describe('platform limits', () => {
  it('knows each platform reply limit', () => {
    expect(replyLengthLimit('x', 'mention')).toBe(280);
    expect(replyLengthLimit('facebook', 'dm')).toBe(2000);
    expect(replyLengthLimit('whatsapp', 'dm')).toBe(4096);
  });

  it('closes DM windows 24 h after the last customer message, 7 days with the human-agent tag', () => {
    const last = new Date('2026-01-01T00:00:00Z');
    const later = new Date('2026-01-02T03:00:00Z');
    expect(messagingWindowState('facebook', 'dm', last, later).open).toBe(false);
    expect(messagingWindowState('facebook', 'dm', last, later, { humanAgentTag: true }).open).toBe(true);
    expect(messagingWindowState('whatsapp', 'dm', last, new Date('2026-01-01T23:00:00Z')).open).toBe(true);
    expect(messagingWindowState('facebook', 'comment', last, later).open).toBe(true);
    expect(messagingWindowState('x', 'dm', null, later).open).toBe(true);
  });
});
