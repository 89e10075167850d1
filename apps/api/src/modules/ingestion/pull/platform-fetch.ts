/** A platform answered with an error; `retryAt` when it said when to come back. */
export class PlatformFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAt: Date | null = null,
  ) {
    super(message);
  }
}

/** GET a platform JSON API with a bearer token and a timeout; non-2xx becomes PlatformFetchError. */
export async function fetchPlatformJson(url: string, token: string, timeoutMs = 10_000): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) {
    const reset = Number(res.headers.get('x-rate-limit-reset'));
    const retryAt = res.status === 429 && Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null;
    const body = await res.text().catch(() => '');
    throw new PlatformFetchError(`GET ${new URL(url).pathname} → ${res.status} ${body.slice(0, 200)}`, res.status, retryAt);
  }
  return res.json();
}
