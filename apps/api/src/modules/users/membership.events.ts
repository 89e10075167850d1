/** Emitted after commit when users joined or left a workspace or a team, or changed role there. */
export const MEMBERSHIP_CHANGED = 'domain.membership.changed';

export interface MembershipChanged {
  userIds: string[];
}
