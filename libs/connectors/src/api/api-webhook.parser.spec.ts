import { parseApiChannelWebhook } from './api-webhook.parser';

describe('parseApiChannelWebhook', () => {
  const channelId = '4f1c1f0e-8d1f-4d47-9f5e-3d1b2c3a4b5c';
  it('maps events and derives thread keys', () => {
    const result = parseApiChannelWebhook(channelId, {
      events: [
        { id: 'r1', kind: 'comment', author: { id: 'a1', name: 'Ana' }, text: 'Avis: super', createdAt: '2026-11-25T10:00:00Z' },
        { id: 'd1', kind: 'dm', author: { id: 'a2' }, text: 'hi', createdAt: '2026-11-25T10:00:00Z' },
        { id: 'c2', kind: 'comment', threadId: 'r1', author: { id: 'a3' }, text: 'moi aussi', createdAt: '2026-11-25T10:01:00Z' },
      ],
    });
    expect(result.ok && result.events.map((e) => e.type === 'message' && e.threadKey)).toEqual(['r1', 'a2', 'r1']);
  });
  it('names the invalid field', () => {
    const result = parseApiChannelWebhook(channelId, { events: [{ id: 'x', kind: 'review', author: { id: 'a' }, text: 't', createdAt: 'yesterday' }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join(' ')).toMatch(/events\.0\.kind.*events\.0\.createdAt|events\.0\.createdAt.*events\.0\.kind/);
  });
});
