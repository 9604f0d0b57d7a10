/**
 * Talks to the control plane's API with the signed-in token, exactly as the CLI does (same routes,
 * same bearer token, same permissions). The token lives in session storage only: never in a URL,
 * never in a cookie, gone when the tab closes.
 */
const KEY = 'ripcord.token';

/** An API error as the server reports it (`{ error: { code, message } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in token, if any. */
export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

/** Keeps the token for this tab. */
export function keepToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** Forgets the token and tells the app (which shows the sign-in form). */
export function signOut(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('ripcord:signed-out'));
}

async function failure(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return new ApiError(res.status, body.error?.code ?? 'error', body.error?.message ?? text);
  } catch {
    return new ApiError(res.status, 'error', text || res.statusText);
  }
}

/** Calls the API; `token` defaults to the signed-in one. A 401 signs out. */
export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  token: string | null = storedToken(),
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) {
    const error = await failure(res);
    if (res.status === 401 && token === storedToken()) signOut();
    throw error;
  }
  return (await res.json()) as T;
}

/** GET a path. */
export const get = <T>(path: string): Promise<T> => call<T>('GET', path);

/** POST a JSON body. */
export const post = <T>(path: string, body?: unknown): Promise<T> => call<T>('POST', path, body ?? {});

/** A path segment, escaped. */
export const seg = (s: string): string => encodeURIComponent(s);
