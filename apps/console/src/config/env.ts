/** Build-time and runtime constants. The console is served from the API's origin, so every path is relative. */
export const env = {
  apiBase: '/api/v1',
  /** Rows fetched per page of a queue. */
  pageSize: 50,
  /** The longest a realtime burst may go without a refetch, and the least time between two refetches of a key. */
  invalidateEveryMs: 1000,
  /** Realtime patches are applied together at this pace, so a burst causes one render, not thousands. */
  patchFlushMs: 50,
  /** A typing or viewing signal without a refresh expires after this long. */
  presenceTtlMs: 8000,
} as const;
