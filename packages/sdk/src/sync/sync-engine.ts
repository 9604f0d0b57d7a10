/**
 * Keeps the snapshot current: stream first; when the stream fails, poll once at once (catch-up)
 * and then every poll interval until the jittered reconnect time, then try the stream again.
 * So a blocked stream degrades to ETag polling and a dead server to fail-static, without
 * separate modes to get stuck in.
 */
import type { ClientErrorEvent } from '../client/client-events.js';
import type { ResolvedOptions } from '../client/client-options.js';
import { backoffDelay, sleep } from './backoff.js';
import { pollConfig } from './poll-config.js';
import { runStream, type StreamAttemptResult } from './stream-connection.js';

/** What the engine reports to the client. */
export interface SyncCallbacks {
  /** Offers a message body; returns true if it was valid (applied or already current). */
  offer(text: string, kind: 'snapshot' | 'revision' | 'poll'): boolean;
  /** The revision held, for `Last-Event-ID` and `If-None-Match`. */
  revision(): number | undefined;
  /** The stream delivered a valid snapshot: confirmed current. */
  onStreamLive(): void;
  /** A stream that had delivered ended. */
  onStreamLost(): void;
  /** A poll confirmed (applied or 304) or failed. */
  onPoll(ok: boolean): void;
  /** An attempt failed before delivering anything (drives the boot-time cache fallback). */
  onAttemptFailed(authStatus: number | undefined): void;
  onError(event: ClientErrorEvent): void;
}

const AUTH_CODES: Record<number, ClientErrorEvent['code']> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
};

/** The sync loop. */
export class SyncEngine {
  private readonly abort = new AbortController();
  private serverRetryMs = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly cb: SyncCallbacks,
  ) {}

  /** Starts the loop (runs until {@link stop}). */
  start(): Promise<void> {
    return this.loop();
  }

  /** Stops the loop and closes any open connection. */
  stop(): void {
    this.abort.abort();
  }

  private url(path: string): URL {
    const url = new URL(path, this.options.serverUrl);
    url.searchParams.set('environment', this.options.environment);
    url.searchParams.set('workflows', this.options.workflows.join(','));
    return url;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}`, 'user-agent': 'ripcord-sdk-node/0.1' };
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      let delivered = false;
      if (this.options.streaming) {
        const result = await this.streamOnce(() => (delivered = true));
        if (signal.aborted) return;
        this.reportStreamEnd(result, delivered);
      }
      failures = delivered ? 0 : failures + 1;
      const { reconnectBaseMs, reconnectMaxMs, random } = this.options;
      const delay = Math.max(this.serverRetryMs, backoffDelay(failures, reconnectBaseMs, reconnectMaxMs, random));
      await this.pollUntil(Date.now() + (this.options.streaming ? delay : this.options.pollIntervalMs));
    }
  }

  private streamOnce(onDelivered: () => void): Promise<StreamAttemptResult> {
    const headers: Record<string, string> = {
      ...this.headers(),
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
    };
    const revision = this.cb.revision();
    if (revision !== undefined) headers['last-event-id'] = String(revision);
    let live = false;
    return runStream({
      url: this.url('/v1/sdk/stream'),
      headers,
      connectTimeoutMs: this.options.connectTimeoutMs,
      idleTimeoutMs: this.options.heartbeatTimeoutMs,
      signal: this.abort.signal,
      onRetry: (ms) => (this.serverRetryMs = Math.min(ms, this.options.reconnectMaxMs)),
      onMessage: (m) => {
        if (m.event !== 'snapshot' && m.event !== 'revision') return;
        if (!this.cb.offer(m.data, m.event) || live) return;
        live = true;
        onDelivered();
        this.cb.onStreamLive();
      },
    });
  }

  private reportStreamEnd(result: StreamAttemptResult, delivered: boolean): void {
    if (delivered) this.cb.onStreamLost();
    else this.cb.onAttemptFailed(result.status === 401 || result.status === 403 ? result.status : undefined);
    const code = (result.status !== undefined ? AUTH_CODES[result.status] : undefined) ?? 'STREAM_ERROR';
    const event: ClientErrorEvent = {
      code,
      message: `stream ${result.reason}${result.status !== undefined ? ` (HTTP ${result.status})` : ''}${result.error ? `: ${result.error.message}` : ''}`,
    };
    if (result.status !== undefined) event.status = result.status;
    if (result.error !== undefined) event.cause = result.error;
    this.cb.onError(event);
  }

  private async pollUntil(until: number): Promise<void> {
    const signal = this.abort.signal;
    await this.pollOnce();
    for (let left = until - Date.now(); left > 0 && !signal.aborted; left = until - Date.now()) {
      await sleep(Math.min(this.options.pollIntervalMs, left), signal);
      if (Date.now() < until && !signal.aborted) await this.pollOnce();
    }
  }

  private async pollOnce(): Promise<void> {
    const revision = this.cb.revision();
    const result = await pollConfig({
      url: this.url('/v1/sdk/config'),
      headers: this.headers(),
      etag: revision === undefined ? undefined : `"${revision}"`,
      timeoutMs: this.options.connectTimeoutMs,
      signal: this.abort.signal,
      fetch: this.options.fetch,
    });
    if (this.abort.signal.aborted) return;
    if (result.kind === 'not-modified') return this.cb.onPoll(true);
    if (result.kind === 'snapshot') return this.cb.onPoll(this.cb.offer(result.text, 'poll'));
    this.cb.onPoll(false);
    const event: ClientErrorEvent = {
      code: (result.status !== undefined ? AUTH_CODES[result.status] : undefined) ?? 'POLL_ERROR',
      message: `poll failed${result.status !== undefined ? ` (HTTP ${result.status})` : ''}${result.error ? `: ${result.error.message}` : ''}`,
    };
    if (result.status !== undefined) event.status = result.status;
    this.cb.onError(event);
  }
}
