/**
 * One attempt at the SSE stream (`GET /v1/sdk/stream`, docs/sdk-protocol.md §4). It uses
 * node:http(s) directly rather than fetch: one process may hold thousands of these (the
 * propagation benchmark), and a raw socket read is cheaper per message than a web stream.
 * The attempt ends when the connection closes, goes idle past the heartbeat timeout, fails to
 * deliver a first message within the connect timeout, or is aborted.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SseParser, type SseMessage } from './sse-parser.js';

/** Options of {@link runStream}. */
export interface StreamAttemptOptions {
  url: URL;
  headers: Record<string, string>;
  /** No first message within this long → the attempt fails. */
  connectTimeoutMs: number;
  /** No bytes within this long → the connection is considered dead. */
  idleTimeoutMs: number;
  signal: AbortSignal;
  /** Called per complete message. */
  onMessage(message: SseMessage): void;
  onRetry(ms: number): void;
  /** Called once the response headers say this is an event stream. */
  onOpen(): void;
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

/** Runs one stream attempt to completion. Never rejects. */
export function runStream(opts: StreamAttemptOptions): Promise<StreamAttemptResult> {
  return new Promise((resolve) => {
    let done = false;
    let opened = false;
    let status: number | undefined;
    const request = opts.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const finish = (reason: StreamAttemptResult['reason'], error?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      opts.signal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve({ opened, status, reason, error });
    };
    const onAbort = (): void => finish('aborted');
    const connectTimer = setTimeout(() => finish('connect-timeout'), opts.connectTimeoutMs);
    connectTimer.unref();
    const req = request(opts.url, { method: 'GET', headers: opts.headers }, (res) => {
      status = res.statusCode;
      if (status !== 200) return finish('http-status');
      if (!(res.headers['content-type'] ?? '').startsWith('text/event-stream')) return finish('not-event-stream');
      opened = true;
      opts.onOpen();
      readEvents(res, opts, () => clearTimeout(connectTimer), finish);
    });
    req.setTimeout(opts.idleTimeoutMs, () => finish('idle'));
    req.on('error', (error) => finish('network', error));
    if (opts.signal.aborted) return finish('aborted');
    opts.signal.addEventListener('abort', onAbort);
    req.end();
  });
}

function readEvents(
  res: IncomingMessage,
  opts: StreamAttemptOptions,
  onFirstMessage: () => void,
  finish: (reason: StreamAttemptResult['reason'], error?: Error) => void,
): void {
  let first = true;
  const parser = new SseParser({
    onMessage: (message) => {
      if (first) {
        first = false;
        onFirstMessage();
      }
      opts.onMessage(message);
    },
    onRetry: (ms) => opts.onRetry(ms),
  });
  // Raw bytes: the parser decodes only field values (no per-chunk text decoding).
  res.on('data', (chunk: Buffer) => {
    try {
      parser.push(chunk);
    } catch (error) {
      // A handler bug must not leave a half-read stream running: end the attempt and reconnect.
      finish('network', error instanceof Error ? error : new Error(String(error)));
    }
  });
  res.on('end', () => finish('closed'));
  res.on('error', (error) => finish('network', error));
  res.on('close', () => finish('closed'));
}
