import { DELIVERY_STATUSES, type DeliveryStatus } from '@babillard/contracts';

const RANK: Record<DeliveryStatus, number> = Object.fromEntries(DELIVERY_STATUSES.map((s, i) => [s, i])) as Record<
  DeliveryStatus,
  number
>;

/**
 * Delivery states only move forward (pending → sent → delivered → read): receipts arrive out of
 * order and sometimes skip a step. `failed` wins over pending and sent, but a message the platform
 * already delivered or read does not become failed. Returns null when the incoming state changes nothing.
 */
export function nextDeliveryStatus(current: DeliveryStatus | null, incoming: DeliveryStatus): DeliveryStatus | null {
  if (current === incoming) return null;
  if (current === null) return incoming;
  if (incoming === 'failed') return current === 'pending' || current === 'sent' ? 'failed' : null;
  if (current === 'failed') return incoming === 'delivered' || incoming === 'read' ? incoming : null;
  return RANK[incoming] > RANK[current] ? incoming : null;
}
