// The CLI's HTTP transport: node:http (node:https for https URLs) rather than fetch, whose first call
// loads undici — measured here at about 140 ms of every command that talks to the server (issue 12).
import type { IncomingMessage } from 'node:http';

/** The part of fetch's `Response` the API client reads. */
export interface HttpResponse {
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
}

/** A request that got no complete answer within its time limit. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * One request. A connection that fails rejects as fetch does: an Error whose `cause` has the `code`.
 * With `timeoutMs`, a request whose answer (headers and body) is not complete by then is abandoned
 * and rejects with a RequestTimeoutError (from `text()` when the body stalls).
 */
export async function httpRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<HttpResponse> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const headers =
    init.body === undefined
      ? init.headers
      : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
  let timer: NodeJS.Timeout | undefined;
  let timedOut: RequestTimeoutError | undefined;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: init.method, headers }, resolve);
    req.on('error', (error) => reject(timedOut ?? new Error(`request to ${url.origin} failed`, { cause: error })));
    if (init.timeoutMs !== undefined)
      timer = setTimeout(() => req.destroy((timedOut = new RequestTimeoutError(init.timeoutMs!))), init.timeoutMs);
    req.end(init.body);
  });
  const body = new Promise<string>((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', (error) => reject(timedOut ?? error));
    // A body cut off by the time limit ends with 'aborted' and no 'error' on some Node versions.
    response.on('close', () => (timedOut ? reject(timedOut) : undefined));
  }).finally(() => clearTimeout(timer));
  // A body that breaks off is reported when it is read, as with fetch; until then it must not go unhandled.
  body.catch(() => undefined);
  const status = response.statusCode ?? 0;
  return { ok: status >= 200 && status < 300, status, statusText: response.statusMessage ?? '', text: () => body };
}
