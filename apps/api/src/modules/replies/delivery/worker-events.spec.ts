import { EventUnpacker, packEvents, type RelayedEvent } from './worker-events';

describe('worker event relay payloads', () => {
  const bytes = (s: string) => Buffer.byteLength(s);

  it('packs events into JSON arrays that each fit in one NOTIFY, in order', () => {
    const events: RelayedEvent[] = Array.from({ length: 300 }, (_, i) => ({
      name: 'domain.message.updated',
      payload: { workspaceId: 'w', conversationId: `c-${i}`, messageId: `m-${i}`, text: 'éàü'.repeat(10) },
    }));
    const payloads = packEvents(events);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(bytes(p)).toBeLessThan(8000);
    const unpacker = new EventUnpacker();
    expect(payloads.flatMap((p) => unpacker.unpack(p))).toEqual(events);
  });

  it('sends an event too large for one notification in pieces and joins them back', () => {
    const incident = { id: 'i', title: 'Panne « générale »', conversationIds: Array.from({ length: 600 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) };
    const big: RelayedEvent = { name: 'domain.crisis.updated', payload: { workspaceId: 'w', incidentId: 'i', incident } };
    const small: RelayedEvent = { name: 'domain.message.created', payload: { messageId: 'm' } };
    const payloads = packEvents([small, big, small]);
    expect(payloads.length).toBeGreaterThan(3);
    for (const p of payloads) expect(bytes(p)).toBeLessThan(8000);
    const unpacker = new EventUnpacker();
    expect(payloads.flatMap((p) => unpacker.unpack(p))).toEqual([small, big, small]);
  });

  it('still reads the single-event payload of a worker of the previous version', () => {
    const event = { name: 'domain.message.updated', payload: { messageId: 'm' } };
    expect(new EventUnpacker().unpack(JSON.stringify(event))).toEqual([event]);
  });
});
