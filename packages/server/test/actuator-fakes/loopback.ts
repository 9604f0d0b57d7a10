// A loopback HTTP server for the fakes: port 0 on 127.0.0.1, JSON in and out, closed by the test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake sees it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A fake's answer. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

/** Starts a server answering with `handle`; resolves with its URL and a close function. */
export async function listen(
  handle: (req: FakeRequest) => Promise<FakeAnswer> | FakeAnswer,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      };
      void Promise.resolve(handle(request)).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: String(error) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, close };
}

/** The bearer token of a request, if any. */
export function bearer(req: FakeRequest): string | undefined {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : undefined;
}
