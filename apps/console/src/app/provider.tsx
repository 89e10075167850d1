import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ErrorBoundary } from '../components/ui/error-boundary';
import { Toaster } from '../components/ui/toaster';
import i18n from '../lib/i18n';
import { createQueryClient } from '../lib/query-client';
import { prefetchFromUrl } from './prefetch';

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    prefetchFromUrl(client, window.location.pathname);
    return client;
  });
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Toaster>
          <ErrorBoundary>{children}</ErrorBoundary>
        </Toaster>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
