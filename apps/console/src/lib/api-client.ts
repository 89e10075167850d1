import type { ApiError, LoginResponse } from '@babillard/contracts';
import { env } from '../config/env';
import { authStore } from './auth-store';

/** A failed request, carrying the server's `message` (what the agent is shown). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Partial<ApiError> | null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Login and refresh go without a bearer token and never trigger a refresh. */
  anonymous?: boolean;
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, however many requests hit a 401 together. */
function refreshSession(): Promise<boolean> {
  const session = authStore.get();
  if (!session) return Promise.resolve(false);
  refreshing ??= send<LoginResponse>('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken }, anonymous: true })
    .then((res) => {
      authStore.set(res);
      return true;
    })
    .catch(() => {
      authStore.set(null);
      return false;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${env.apiBase}${path}${qs ? `?${qs}` : ''}`;
}

async function send<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = authStore.get()?.accessToken;
  if (token && !opts.anonymous) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(buildUrl(path, opts.query), {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!res.ok) {
    const body = (data && typeof data === 'object' ? data : null) as Partial<ApiError> | null;
    const message = typeof body?.message === 'string' ? body.message : `${res.status} ${res.statusText}`;
    throw new ApiRequestError(res.status, message, body);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** JSON over fetch with the agent's bearer token; a 401 refreshes the session once and retries. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, opts);
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401 && !opts.anonymous && (await refreshSession())) {
      return send<T>(method, path, opts);
    }
    if (err instanceof ApiRequestError && err.status === 401 && !opts.anonymous) authStore.set(null);
    throw err;
  }
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
