/**
 * The stream's own HTTP/1.1 over real sockets (sync/stream-connection.ts): what it sends, how it
 * reads responses cut anywhere, and how each way an attempt can end is reported. Servers here are
 * raw TCP/TLS servers on 127.0.0.1 writing exact bytes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { SseMessage } from '../src/sync/sse-parser.js';
import { runStream, type StreamAttemptOptions, type StreamAttemptResult } from '../src/sync/stream-connection.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

interface Raw {
  url: string;
  /** Request heads received, as text. */
  requests: string[];
  connections: number;
}

/** A TCP server that records each request head and then runs `respond` on the socket. */
async function rawServer(
  respond: (socket: Socket) => unknown,
  server: Server = createServer(),
  event: 'connection' | 'secureConnection' = 'connection',
): Promise<Raw> {
  const raw: Raw = { url: '', requests: [], connections: 0 };
  server.on(event, (socket: Socket) => {
    raw.connections++;
    let head = '';
    socket.on('error', () => undefined);
    const onData = (data: Buffer): void => {
      head += data.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      raw.requests.push(head);
      void respond(socket);
    };
    socket.on('data', onData);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  raw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return raw;
}

function attempt(
  url: string,
  o: Partial<StreamAttemptOptions> = {},
): { messages: SseMessage[]; done: Promise<StreamAttemptResult> } {
  const messages: SseMessage[] = [];
  const done = runStream({
    url: new URL(`${url}/v1/sdk/stream?environment=production&workflows=a%2Cb`),
    headers: { authorization: 'Bearer t0k', 'last-event-id': '41' },
    connectTimeoutMs: 5000,
    idleTimeoutMs: 5000,
    signal: new AbortController().signal,
    onMessage: (m) => messages.push(m),
    onRetry: () => undefined,
    ...o,
  });
  return { messages, done };
}

const pause = (ms = 3): Promise<void> => new Promise((r) => setTimeout(r, ms));
const sseHead = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n';
const hexChunk = (text: string): string => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;

describe('stream connection (HTTP/1.1 on the socket)', () => {
  it('sends one GET with the headers and reads a chunked stream cut at arbitrary bytes', async () => {
    const events = 'event: snapshot\nid: 41\ndata: {"é":1}\n\n: ping\n\nevent: revision\nid: 42\ndata: {"€":2}\n\n';
    // Chunk boundaries inside messages, and each write cut again (inside "\r\n" and inside "€").
    const wire = Buffer.from(sseHead + hexChunk(events.slice(0, 20)) + hexChunk(events.slice(20)) + '0\r\n\r\n');
    const cuts = [5, sseHead.length + 1, sseHead.length + 3, wire.indexOf('€') + 1, wire.length - 4, wire.length];
    const raw = await rawServer(async (socket) => {
      let from = 0;
      for (const cut of cuts) {
        socket.write(wire.subarray(from, cut));
        from = cut;
        await pause();
      }
    });
    const { messages, done } = attempt(raw.url);
    expect(await done).toEqual({ opened: true, status: 200, reason: 'closed', error: undefined });
    expect(messages).toEqual([
      { event: 'snapshot', data: '{"é":1}', lastEventId: '41' },
      { event: 'revision', data: '{"€":2}', lastEventId: '42' },
    ]);
    const port = new URL(raw.url).port;
    expect(raw.requests).toEqual([
      `GET /v1/sdk/stream?environment=production&workflows=a%2Cb HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n` +
        'authorization: Bearer t0k\r\nlast-event-id: 41\r\n\r\n',
    ]);
  });

  it('never sends a header value that would split the request', async () => {
    const raw = await rawServer(() => undefined);
    const { done } = attempt(raw.url, { headers: { authorization: 'Bearer x\r\nx-admin: yes' } });
    const result = await done;
    expect([result.reason, result.error?.message]).toEqual(['network', 'invalid authorization header value']);
    await pause(20);
    expect(raw.connections).toBe(0);
  });

  it('reports an HTTP error status, a body that is not an event stream, and a connection lost before any response', async () => {
    const status = await rawServer((s) => s.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 2\r\n\r\n{}'));
    expect(await attempt(status.url).done).toMatchObject({ opened: false, status: 401, reason: 'http-status' });
    const html = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n<html>'));
    expect(await attempt(html.url).done).toMatchObject({ opened: false, status: 200, reason: 'not-event-stream' });
    const hangUp = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\n'));
    expect(await attempt(hangUp.url).done).toMatchObject({ opened: false, status: undefined, reason: 'network' });
    const garbage = await rawServer((s) => s.end(`${sseHead}zz\r\n`));
    const bad = await attempt(garbage.url).done;
    expect([bad.opened, bad.reason, bad.error?.message]).toEqual([
      true,
      'network',
      'malformed HTTP response: chunk size',
    ]);
  });

  it('reports a refused connection, a silent stream, and an abort', async () => {
    const closed = await rawServer(() => undefined);
    const url = closed.url;
    await new Promise((r) => servers.pop()!.close(r));
    const refused = await attempt(url).done;
    expect([refused.reason, (refused.error as NodeJS.ErrnoException | undefined)?.code]).toEqual([
      'network',
      'ECONNREFUSED',
    ]);
    const silent = await rawServer((s) => void s.write(sseHead));
    expect(await attempt(silent.url, { idleTimeoutMs: 50 }).done).toMatchObject({ opened: true, reason: 'idle' });
    expect(await attempt(silent.url, { connectTimeoutMs: 50 }).done).toMatchObject({ reason: 'connect-timeout' });
    const abort = new AbortController();
    const aborted = attempt(silent.url, { signal: abort.signal });
    await pause(30);
    abort.abort();
    expect(await aborted.done).toMatchObject({ opened: true, reason: 'aborted' });
  });

  it('keeps a stream that hears a byte within every idle timeout, and drops it once it falls silent', async () => {
    let writes = 0;
    const raw = await rawServer((s) => {
      s.write(sseHead);
      // A ping every 20 ms for 300 ms or more (longer than the idle timeout of 250 ms), then silence.
      const timer = setInterval(() => {
        if (++writes > 15) return clearInterval(timer);
        s.write(hexChunk(': ping\n\n'));
      }, 20);
      s.on('close', () => clearInterval(timer));
    });
    const result = await attempt(raw.url, { idleTimeoutMs: 250 }).done;
    expect(result).toMatchObject({ opened: true, reason: 'idle' });
    expect(writes).toBeGreaterThan(15); // it was still open after the last ping
  });

  it('speaks TLS for https URLs and verifies the certificate', async () => {
    const tlsServer = createTlsServer({
      key: readFileSync(fixture('localhost-key.pem')),
      cert: readFileSync(fixture('localhost-cert.pem')),
    });
    const raw = await rawServer(
      (s) => s.end(`${sseHead}${hexChunk('data: {}\n\n')}0\r\n\r\n`),
      tlsServer,
      'secureConnection',
    );
    const port = new URL(raw.url).port;
    // Self-signed, so not trusted by default: the handshake fails and nothing is read.
    const untrusted = await attempt(`https://localhost:${port}`).done;
    expect([untrusted.reason, (untrusted.error as NodeJS.ErrnoException | undefined)?.code]).toEqual([
      'network',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ]);
    // Trusted through NODE_EXTRA_CA_CERTS (read at process start, hence a child process).
    const probe = fileURLToPath(new URL('./helpers/tls-probe.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', probe, `https://localhost:${port}`],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: fixture('localhost-cert.pem') },
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      result: { opened: true, status: 200, reason: 'closed' },
      messages: [{ event: 'message', data: '{}', lastEventId: '' }],
    });
    expect(raw.requests).toHaveLength(1);
    expect(raw.requests[0]).toMatch(/^GET \/v1\/sdk\/stream\?.* HTTP\/1\.1\r\nhost: localhost:\d+\r\n/);
  });
});
