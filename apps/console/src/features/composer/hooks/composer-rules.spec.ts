import { composerState, countChars, slashQuery } from './composer-rules';
import { holdReasons } from './soft-lock';

const now = new Date('2026-11-25T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('composer limits and messaging window', () => {
  it('enforces the platform length limit as the agent types', () => {
    const ok = composerState({ platform: 'x', kind: 'mention', mode: 'reply', text: 'a'.repeat(280), lastInboundAt: null, now });
    expect(ok).toMatchObject({ limit: 280, length: 280, overLimit: false, canSend: true });
    const over = composerState({ platform: 'x', kind: 'mention', mode: 'reply', text: 'a'.repeat(281), lastInboundAt: null, now });
    expect(over).toMatchObject({ overLimit: true, canSend: false });
    expect(composerState({ platform: 'whatsapp', kind: 'dm', mode: 'reply', text: 'x', lastInboundAt: hoursAgo(1), now }).limit).toBe(4096);
  });

  it('counts an emoji as one character', () => {
    expect(countChars('☕🍁👍🏽')).toBe(4);
  });

  it('closes Messenger, Instagram and WhatsApp DMs 24 h after the customer last wrote', () => {
    const open = composerState({ platform: 'facebook', kind: 'dm', mode: 'reply', text: 'Bonjour', lastInboundAt: hoursAgo(23), now });
    expect(open.window).toMatchObject({ applies: true, open: true });
    expect(open.canSend).toBe(true);
    const closed = composerState({ platform: 'instagram', kind: 'dm', mode: 'reply', text: 'Bonjour', lastInboundAt: hoursAgo(25), now });
    expect(closed.window).toMatchObject({ applies: true, open: false });
    expect(closed.canSend).toBe(false);
  });

  it('has no window for comments and X, and never limits a private note', () => {
    expect(composerState({ platform: 'facebook', kind: 'comment', mode: 'reply', text: 'x', lastInboundAt: hoursAgo(400), now }).window.applies).toBe(false);
    expect(composerState({ platform: 'x', kind: 'dm', mode: 'reply', text: 'x', lastInboundAt: hoursAgo(400), now }).canSend).toBe(true);
    const note = composerState({ platform: 'instagram', kind: 'dm', mode: 'note', text: 'a'.repeat(5000), lastInboundAt: hoursAgo(400), now });
    expect(note).toMatchObject({ limit: null, overLimit: false, canSend: true });
  });

  it('refuses blank text', () => {
    expect(composerState({ platform: 'x', kind: 'mention', mode: 'reply', text: '   ', lastInboundAt: null, now }).canSend).toBe(false);
  });
});

describe('slashQuery', () => {
  it('finds the /word at the caret at the start or after a space only', () => {
    expect(slashQuery('/rem', 4)).toEqual({ start: 0, query: 'rem' });
    expect(slashQuery('Bonjour /mer', 12)).toEqual({ start: 8, query: 'mer' });
    expect(slashQuery('https://x.ca/a', 14)).toBeNull();
    expect(slashQuery('/rem suite', 10)).toBeNull();
  });
});

describe('soft lock', () => {
  const base = { enabled: true, mode: 'reply' as const, meId: 'me', assignee: null, replying: [], newSinceOpened: 0 };
  it('holds a reply over a colleague or on a thread that changed, only when the workspace turned it on', () => {
    expect(holdReasons(base)).toEqual([]);
    expect(holdReasons({ ...base, replying: [{ userId: 'marie', userName: 'Marie' }] })).toEqual([{ kind: 'replying', name: 'Marie' }]);
    expect(holdReasons({ ...base, assignee: { id: 'jordan', name: 'Jordan' } })).toEqual([{ kind: 'assigned', name: 'Jordan' }]);
    expect(holdReasons({ ...base, assignee: { id: 'me', name: 'Moi' } })).toEqual([]);
    expect(holdReasons({ ...base, newSinceOpened: 2 })).toEqual([{ kind: 'changed', count: 2 }]);
    expect(holdReasons({ ...base, enabled: false, newSinceOpened: 2, replying: [{ userId: 'marie', userName: 'Marie' }] })).toEqual([]);
    expect(holdReasons({ ...base, mode: 'note', newSinceOpened: 2 })).toEqual([]);
  });
});
