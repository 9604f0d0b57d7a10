/**
 * One attempt at the SSE stream (`GET /v1/sdk/stream`, docs/sdk-protocol.md §4). It speaks
 * HTTP/1.1 on a plain or TLS socket itself (sync/http-response.ts) rather than through node:http
 * or fetch: one process may hold thousands of these (the propagation benchmark), and reading the
 * socket into one shared buffer (`onread`) with the body going straight to the SSE parser costs
 * about a third less CPU per message than node's response streams, and allocates nothing per read.
 * The attempt ends when the connection closes, goes idle past the heartbeat timeout, fails to
 * deliver a first message within the connect timeout, or is aborted.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createResponseReader } from './http-response.js';
import { SseParser, type SseMessage } from './sse-parser.js';

/** Options of {@link runStream}. */
export interface StreamAttemptOptions {
  url: URL;
  headers: Record<string, string>;
  /** No first message within this long → the attempt fails. */
  connectTimeoutMs: number;
  /** No bytes within this long → the connection is considered dead (detected within a quarter more). */
  idleTimeoutMs: number;
  signal: AbortSignal;
  /** Called per complete message. */
  onMessage(message: SseMessage): void;
  onRetry: (ms: number) => void;
}

/** How a stream attempt ended. */
export interface StreamAttemptResult {
  /** Whether the response was a 200 event stream. */
  opened: boolean;
  /** HTTP status, when a response arrived. */
  status: number | undefined;
  /** Why the attempt ended. */
  reason: 'closed' | 'idle' | 'connect-timeout' | 'http-status' | 'not-event-stream' | 'network' | 'aborted';
  error: Error | undefined;
}

type Finish = (reason: StreamAttemptResult['reason'], error?: Error) => void;

/**
 * Where every stream of the process reads its socket: each read is handled synchronously (framed,
 * parsed, applied; anything kept is copied) before the next read into it, by any socket, happens.
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Silence is checked this many times per idle timeout, so a read costs one assignment (rather
 * than re-arming a socket timer per read), and a dead stream is noticed after 1–1.25 timeouts.
 */
const IDLE_CHECKS = 4;

/** Header values node:http would refuse (control characters would split the request). */
const INVALID_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/** The request head: `GET path HTTP/1.1`, Host, the caller's headers. Throws on a header that cannot be sent. */
function requestHead(url: URL, headers: Readonly<Record<string, string>>): string {
  let head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    // Names are the SDK's own; values carry the caller's token.
    if (INVALID_HEADER.test(value)) throw new TypeError(`invalid ${name} header value`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}

function connectSocket(url: URL, onBytes: (buf: Buffer, length: number) => void): Socket {
  // URL keeps IPv6 literals in brackets; sockets want them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const onread = {
    buffer: readBuffer,
    callback: (length: number, buf: Uint8Array): boolean => {
      onBytes(buf as Buffer, length);
      return true;
    },
  };
  const tls = url.protocol === 'https:';
  const options = { host, port: Number(url.port) || (tls ? 443 : 80), onread };
  // SNI names a host, never an address.
  return tls ? tlsConnect(isIP(host) ? options : { ...options, servername: host }) : netConnect(options);
}

/** Runs one stream attempt to completion. Never rejects. */
export function runStream(opts: StreamAttemptOptions): Promise<StreamAttemptResult> {
  return new Promise((resolve) => {
    let done = false;
    let opened = false;
    let status: number | undefined;
    let socket: Socket | undefined;
    const finish: Finish = (reason, error) => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      clearInterval(idleTimer);
      opts.signal.removeEventListener('abort', onAbort);
      socket?.destroy();
      resolve({ opened, status, reason, error });
    };
    const onAbort = (): void => finish('aborted');
    const connectTimer = setTimeout(() => finish('connect-timeout'), opts.connectTimeoutMs);
    connectTimer.unref();
    let silentChecks = 0;
    const idleTimer = setInterval(() => {
      if (++silentChecks > IDLE_CHECKS) finish('idle');
    }, opts.idleTimeoutMs / IDLE_CHECKS);
    idleTimer.unref();
    if (opts.signal.aborted) return finish('aborted');
    let head: string;
    try {
      head = requestHead(opts.url, opts.headers);
    } catch (error) {
      return finish('network', error as Error);
    }
    let first = true;
    const sse = new SseParser({
      onMessage: (message) => {
        if (first) {
          first = false;
          clearTimeout(connectTimer);
        }
        opts.onMessage(message);
      },
      onRetry: opts.onRetry,
    });
    const readResponse = createResponseReader({
      onHead: (code, headers) => {
        status = code;
        if (code !== 200) return finish('http-status');
        if (!(headers['content-type'] ?? '').startsWith('text/event-stream')) return finish('not-event-stream');
        opened = true;
      },
      // A view bounds the parser's searches to these bytes (the shared buffer holds stale ones after them).
      onBody: (buf, start, end) => {
        if (!done) sse.push(buf.subarray(start, end));
      },
      onEnd: () => finish('closed'),
    });
    const onBytes = (buf: Buffer, length: number): void => {
      if (done) return;
      silentChecks = 0;
      try {
        readResponse(buf, 0, length);
      } catch (error) {
        // Bad framing, or a handler bug: never leave a half-read stream running; reconnect.
        finish('network', error instanceof Error ? error : new Error(String(error)));
      }
    };
    const s = (socket = connectSocket(opts.url, onBytes));
    s.on('error', (error) => finish('network', error));
    s.on('close', () => (status !== undefined ? finish('closed') : finish('network', new Error('socket hang up'))));
    opts.signal.addEventListener('abort', onAbort);
    s.write(head, 'latin1');
  });
}
