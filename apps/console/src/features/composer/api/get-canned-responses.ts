import { queryOptions, useQuery } from '@tanstack/react-query';

export interface CannedResponse {
  shortcut: string;
  /** i18n key of the text, so the agent's language is used until responses are managed per workspace. */
  textKey: string;
}

const BUILT_IN: CannedResponse[] = [
  { shortcut: 'bonjour', textKey: 'canned.hello' },
  { shortcut: 'merci', textKey: 'canned.thanks' },
  { shortcut: 'commande', textKey: 'canned.orderNumber' },
  { shortcut: 'dm', textKey: 'canned.moveToDm' },
  { shortcut: 'remboursement', textKey: 'canned.refund' },
  { shortcut: 'delai', textKey: 'canned.delay' },
  { shortcut: 'suivi', textKey: 'canned.followUp' },
];

// No endpoint yet: the workspace's responses will replace this list behind the same query.
export const getCannedResponses = async (): Promise<CannedResponse[]> => BUILT_IN;

export const cannedResponsesQueryOptions = (workspaceId: string) =>
  queryOptions({ queryKey: ['workspace', workspaceId, 'canned-responses'] as const, queryFn: getCannedResponses, staleTime: Infinity });

export const useCannedResponses = (workspaceId: string) => useQuery(cannedResponsesQueryOptions(workspaceId));
