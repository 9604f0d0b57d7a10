/**
 * One HTTP request to a signal source, with its credentials, its CA and a hard timeout. Written on
 * node:http(s) rather than fetch because a private CA (`…_CA_FILE`) is a request option there.
 * Never throws: a source that does not answer is a value with the reason in words (R4.4 needs the
 * reason in the gate's sentence), and no credential is ever part of one.
 */
import http from 'node:http';
import https from 'node:https';
import type { SignalAuth, SignalSourceConfig } from './signal-settings.js';

/** What a source answered, or why it did not. */
export type HttpOutcome = { ok: true; status: number; body: string } | { ok: false; reason: string };

/** The largest answer read (a query that returns more is refused, not buffered without end). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

function authHeaders(auth: SignalAuth): Record<string, string> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'datadog':
      return { 'DD-API-KEY': auth.apiKey, 'DD-APPLICATION-KEY': auth.appKey };
  }
}

/** A request to `path` (with its query string) on `source`; a form body makes it a POST. */
export function requestSource(
  source: SignalSourceConfig,
  path: string,
  options: { timeoutMs: number; form?: URLSearchParams },
): Promise<HttpOutcome> {
  const url = new URL(`${source.url}${path}`);
  const body = options.form?.toString();
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(source.auth) };
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<HttpOutcome>((resolve) => {
    const req = client.request(
      url,
      { method: body === undefined ? 'GET' : 'POST', headers, ...(source.ca === undefined ? {} : { ca: source.ca }) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy();
            resolve({ ok: false, reason: `the answer is larger than ${MAX_RESPONSE_BYTES} bytes` });
          } else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', () => resolve({ ok: false, reason: 'the connection broke while reading the answer' }));
      },
    );
    req.setTimeout(options.timeoutMs, () => {
      req.destroy();
      resolve({ ok: false, reason: `no answer within ${options.timeoutMs} ms` });
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, reason: `unreachable (${error.code ?? error.message})` }),
    );
    req.end(body);
  });
}
