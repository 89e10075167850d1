import { nextDeliveryStatus } from './delivery-status';

describe('nextDeliveryStatus', () => {
  it('moves forward, skipping steps', () => {
    expect(nextDeliveryStatus('pending', 'sent')).toBe('sent');
    expect(nextDeliveryStatus('sent', 'read')).toBe('read');
  });

  it('never moves backwards when receipts arrive out of order', () => {
    expect(nextDeliveryStatus('read', 'delivered')).toBeNull();
    expect(nextDeliveryStatus('delivered', 'sent')).toBeNull();
    expect(nextDeliveryStatus('sent', 'sent')).toBeNull();
  });

  it('lets a failure replace pending or sent but not delivered', () => {
    expect(nextDeliveryStatus('sent', 'failed')).toBe('failed');
    expect(nextDeliveryStatus('delivered', 'failed')).toBeNull();
    expect(nextDeliveryStatus('failed', 'delivered')).toBe('delivered');
  });
});
