import type { AuthTokens } from '@babillard/contracts';

const KEY = 'babillard.session';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string'
      ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken, expiresAt: Number(parsed.expiresAt) || 0 }
      : null;
  } catch {
    return null;
  }
}

/** Where the tokens live. Kept in localStorage so every tab of one agent shares a session. */
export const authStore = {
  get: (): Session | null => current,
  set(tokens: AuthTokens | null): void {
    current = tokens
      ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000 }
      : null;
    try {
      if (current) localStorage.setItem(KEY, JSON.stringify(current));
      else {
        localStorage.removeItem(KEY);
        localStorage.removeItem('babillard.me'); // the remembered profile goes with the session
      }
    } catch {
      // Private mode without storage: the session lives for this tab only.
    }
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
