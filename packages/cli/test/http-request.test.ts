// The CLI's transport (node:http instead of fetch): bodies both ways intact, statuses as they are,
// and a refused connection shaped as fetch shapes it (the client reads `cause.code`).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../src/http-request.js';

let server: http.Server;
let base: URL;
const received: { method: string | undefined; body: string; length: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method, body, length: req.headers['content-length'] });
      if (req.url === '/split') {
        // "é" is two bytes: send them in two writes, so a decoder that works per chunk breaks it.
        const bytes = Buffer.from(JSON.stringify({ name: 'résumé' }));
        const cut = bytes.indexOf(0xc3) + 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(bytes.subarray(0, cut));
        setTimeout(() => res.end(bytes.subarray(cut)), 10);
      } else if (req.url === '/broken') {
        res.writeHead(503, 'Busy', { 'content-type': 'text/plain' });
        res.end('try later');
      } else {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echoed: body }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpRequest', () => {
  it('reads a body whose characters arrive split across chunks', async () => {
    const response = await httpRequest(new URL('/split', base), { method: 'GET', headers: {} });
    expect(response).toMatchObject({ ok: true, status: 200 });
    expect(JSON.parse(await response.text())).toEqual({ name: 'résumé' });
  });

  it('sends a body with its length in bytes', async () => {
    const body = JSON.stringify({ reason: 'naïve → rollback' });
    const response = await httpRequest(new URL('/echo', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response).toMatchObject({ ok: true, status: 201 });
    expect(JSON.parse(await response.text())).toEqual({ echoed: body });
    expect(received.at(-1)).toEqual({ method: 'POST', body, length: String(Buffer.byteLength(body)) });
  });

  it('returns an error status as it is, with its text', async () => {
    const response = await httpRequest(new URL('/broken', base), { method: 'DELETE', headers: {} });
    expect(response).toMatchObject({ ok: false, status: 503, statusText: 'Busy' });
    expect(await response.text()).toBe('try later');
  });

  it('rejects a refused connection with the code in `cause`, as fetch does', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await httpRequest(new URL(`http://127.0.0.1:${port}/`), { method: 'GET', headers: {} }).catch(
      (error: unknown) => error,
    );
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
