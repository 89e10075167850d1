import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Realtime events keep the cache fresh; refetch only what they say is stale.
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiRequestError && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
