import type { QueueView } from '@babillard/contracts';

/** Every URL of the console, in one place. */
export const paths = {
  login: '/login',
  inbox: (workspaceId: string, view: QueueView = 'mine', conversationId?: string | null) =>
    `/w/${workspaceId}/inbox/${view}${conversationId ? `/${conversationId}` : ''}`,
  settings: (workspaceId: string) => `/w/${workspaceId}/settings`,
  /** The team leads' screens (a later issue): workload board, rules editor, SLA settings. */
  leads: (workspaceId: string, screen: LeadScreen) => `/w/${workspaceId}/leads/${screen}`,
};

export const LEAD_SCREENS = ['workload', 'rules', 'sla'] as const;
export type LeadScreen = (typeof LEAD_SCREENS)[number];
