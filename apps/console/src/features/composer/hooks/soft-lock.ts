export type HoldReason =
  | { kind: 'replying'; name: string }
  | { kind: 'assigned'; name: string }
  | { kind: 'changed'; count: number }
  /** The server refused the reply (409): the thread changed in a way this console had not seen yet. */
  | { kind: 'server'; message: string };

export interface SoftLockInput {
  enabled: boolean;
  mode: 'reply' | 'note';
  meId: string;
  assignee: { id: string; name: string } | null;
  /** Colleagues typing a reply in this conversation now. */
  replying: { userId: string; userName: string }[];
  /** Customer messages that arrived since the agent opened the thread. */
  newSinceOpened: number;
}

/**
 * Why a reply should wait for the agent's confirmation. With the workspace's soft lock on: a
 * colleague is replying or owns the conversation, or the thread changed since it was opened.
 * Notes are never held: they do not reach the customer.
 */
export function holdReasons(input: SoftLockInput): HoldReason[] {
  if (!input.enabled || input.mode === 'note') return [];
  const reasons: HoldReason[] = input.replying.filter((r) => r.userId !== input.meId).map((r) => ({ kind: 'replying', name: r.userName }));
  if (input.assignee && input.assignee.id !== input.meId) reasons.push({ kind: 'assigned', name: input.assignee.name });
  if (input.newSinceOpened > 0) reasons.push({ kind: 'changed', count: input.newSinceOpened });
  return reasons;
}
