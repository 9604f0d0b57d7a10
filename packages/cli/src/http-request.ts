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

/** One request. A connection that fails rejects as fetch does: an Error whose `cause` has the `code`. */
export async function httpRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<HttpResponse> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const headers =
    init.body === undefined
      ? init.headers
      : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: init.method, headers }, resolve);
    req.on('error', (error) => reject(new Error(`request to ${url.origin} failed`, { cause: error })));
    req.end(init.body);
  });
  const body = new Promise<string>((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
  // A body that breaks off is reported when it is read, as with fetch; until then it must not go unhandled.
  body.catch(() => undefined);
  const status = response.statusCode ?? 0;
  return { ok: status >= 200 && status < 300, status, statusText: response.statusMessage ?? '', text: () => body };
}
