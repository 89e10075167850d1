import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import i18n from '../lib/i18n';

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
}

export function renderWithProviders(ui: ReactElement, opts: { queryClient?: QueryClient; locale?: 'fr' | 'en' } = {}) {
  const queryClient = opts.queryClient ?? testQueryClient();
  if (i18n.language !== (opts.locale ?? 'en')) void i18n.changeLanguage(opts.locale ?? 'en');
  const wrapper = ({ children }: { children: ReactNode }) => (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </I18nextProvider>
  );
  return { ...render(ui, { wrapper }), queryClient };
}

/** A fetch stand-in answering JSON per "METHOD path" (path without the /api/v1 prefix and query). */
export function mockFetch(routes: Record<string, (body: unknown) => { status: number; body?: unknown }>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fn = jest.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://console.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    const res = route ? route(body) : { status: 404, body: { statusCode: 404, error: 'Not Found', message: `no route ${method} ${path}` } };
    const text = res.body === undefined ? '' : JSON.stringify(res.body);
    return { ok: res.status < 400, status: res.status, statusText: String(res.status), text: async () => text } as Response;
  });
  (globalThis as { fetch: unknown }).fetch = fn;
  return { fn, calls };
}
