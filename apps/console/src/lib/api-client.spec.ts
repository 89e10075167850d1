import { api, ApiRequestError } from './api-client';
import { authStore } from './auth-store';

type Handler = (init: RequestInit | undefined) => { status: number; body?: unknown };

function fakeFetch(handlers: Record<string, Handler[]>) {
  const seen: string[] = [];
  (globalThis as { fetch: unknown }).fetch = jest.fn(async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${new URL(input, 'http://t').pathname}`;
    seen.push(`${key} ${(init?.headers as Record<string, string>)?.Authorization ?? '-'}`);
    const queue = handlers[key] ?? [];
    const res = (queue.length > 1 ? queue.shift()! : queue[0])?.(init) ?? { status: 404, body: { message: 'nope' } };
    return { ok: res.status < 400, status: res.status, statusText: 'x', text: async () => (res.body === undefined ? '' : JSON.stringify(res.body)) } as Response;
  });
  return seen;
}

const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 });

describe('api client', () => {
  beforeEach(() => authStore.set(tokens(1)));

  it('refreshes an expired access token once, however many requests fail together, and retries them', async () => {
    let refreshes = 0;
    const seen = fakeFetch({
      'GET /api/v1/me': [
        (init) => ((init?.headers as Record<string, string>).Authorization === 'Bearer access-2' ? { status: 200, body: { id: 'u1' } } : { status: 401, body: { message: 'expired' } }),
      ],
      'POST /api/v1/auth/refresh': [
        (init) => {
          refreshes += 1;
          expect(JSON.parse(String(init?.body))).toEqual({ refreshToken: 'refresh-1' });
          return { status: 200, body: { ...tokens(2), user: {} } };
        },
      ],
    });
    const results = await Promise.all([api.get('/me'), api.get('/me'), api.get('/me')]);
    expect(results).toEqual([{ id: 'u1' }, { id: 'u1' }, { id: 'u1' }]);
    expect(refreshes).toBe(1);
    expect(authStore.get()?.accessToken).toBe('access-2');
    expect(seen.filter((s) => s.startsWith('POST /api/v1/auth/refresh')).every((s) => s.endsWith(' -'))).toBe(true);
  });

  it('signs the agent out when the refresh token is refused', async () => {
    fakeFetch({
      'GET /api/v1/me': [() => ({ status: 401, body: { message: 'expired' } })],
      'POST /api/v1/auth/refresh': [() => ({ status: 401, body: { message: 'refresh token revoked' } })],
    });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(authStore.get()).toBeNull();
  });

  it("surfaces the server's message for the agent", async () => {
    fakeFetch({ 'PATCH /api/v1/x': [() => ({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'priority must be one of low, normal, high, urgent' } })] });
    const err = await api.patch('/x', { priority: 'wow' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect((err as ApiRequestError).message).toBe('priority must be one of low, normal, high, urgent');
  });
});
