import type { ErrorBody } from '@ripcord/protocol/api';

/** What the server says about each bad field of a refused request. */
type ErrorDetails = NonNullable<ErrorBody['error']['details']>;
import { httpRequest, RequestTimeoutError, type HttpResponse } from './http-request.js';

/** Where the CLI talks to and as whom. */
export interface Connection {
  server: string;
  token: string | undefined;
  /** How long a request may take, headers and body (none: wait for ever). */
  timeoutMs?: number;
}

/** An error the server answered with (`{ error: { code, message, details } }`) or a transport failure. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: ErrorDetails = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A thin JSON client for the control plane API. */
export class ApiClient {
  constructor(private readonly connection: Connection) {}

  /** GET a path (with optional query values; undefined ones are left out). */
  get<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.request<T>('GET', qs ? `${path}?${qs}` : path);
  }

  /** POST JSON. */
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** PUT JSON. */
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /** DELETE. */
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(path, this.connection.server);
    let response: HttpResponse;
    try {
      response = await httpRequest(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(this.connection.timeoutMs !== undefined ? { timeoutMs: this.connection.timeoutMs } : {}),
      });
    } catch (error) {
      if (error instanceof RequestTimeoutError) throw this.timeout(method, path);
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      // An https URL for a server that speaks plain HTTP fails in the TLS handshake, not to connect.
      const hint =
        url.protocol === 'https:' && /^ERR_SSL|EPROTO/.test(cause)
          ? `; the server answered, but not with TLS: the control plane speaks plain HTTP unless a proxy in front of it terminates TLS, so try ${this.connection.server.replace(/^https:/, 'http:')}`
          : '; is it running? Start one with: npm start';
      throw new ApiError(
        'unreachable',
        `cannot reach the ripcord server at ${this.connection.server} (${cause})${hint}`,
        0,
      );
    }
    const text = await response.text().catch((error: unknown) => {
      throw error instanceof RequestTimeoutError ? this.timeout(method, path) : error;
    });
    const parsed = parseJson(text);
    if (!response.ok) {
      // Any non-2xx answer: the server's error body, or whatever a proxy in front of it sent.
      const err = (parsed as { error?: Partial<ErrorBody['error']> } | undefined)?.error;
      throw new ApiError(
        err?.code ?? `http_${response.status}`,
        err?.message ?? (text.slice(0, 200) || response.statusText),
        response.status,
        err?.details ?? [],
      );
    }
    return parsed as T;
  }

  private timeout(method: string, path: string): ApiError {
    const seconds = (this.connection.timeoutMs ?? 0) / 1000;
    return new ApiError(
      'timeout',
      `the ripcord server at ${this.connection.server} did not answer ${method} ${path.split('?')[0]} within ${seconds} s; it may be overloaded or stuck (wait longer with --timeout 2m or RIPCORD_TIMEOUT)`,
      0,
    );
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
