/** Versioned REST prefix; webhooks, health and the console live outside it. */
export const API_PREFIX = 'api/v1';
export const WORKSPACE_PREFIX = `${API_PREFIX}/workspaces/:workspaceId`;
