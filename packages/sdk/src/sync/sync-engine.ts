/**
 * Keeps the snapshot current: stream first; when the stream fails, poll once at once (catch-up)
 * and then every poll interval until the jittered reconnect time, then try the stream again.
 * So a blocked stream degrades to ETag polling and a dead server to fail-static, without
 * separate modes to get stuck in. With several servers, a stream or poll that fails moves to the
 * next one, and the first round over them does not wait out a backoff. After an outage (a poll
 * failed, or the stream broke rather than being refused) the first successful poll restarts the
 * stream at once instead of waiting for the reconnect time.
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

  private url(path: string, server: URL): URL {
    const url = new URL(path, server);
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
    const { servers } = this.options;
    while (!signal.aborted) {
      let delivered = false;
      let broken = false;
      if (this.options.streaming) {
        const server = servers.current;
        const result = await this.streamOnce(server, () => (delivered = true));
        if (signal.aborted) return;
        this.reportStreamEnd(result, delivered);
        // Not a refusal (401, 404 from a proxy...): the server is gone or failing; try another.
        broken = result.status === undefined || result.status >= 500;
        if (broken || delivered) servers.failed(server);
      }
      failures = delivered ? 0 : failures + 1;
      const { reconnectBaseMs, reconnectMaxMs, random } = this.options;
      const round = servers.size > 1 && failures % servers.size !== 0;
      const delay = round
        ? reconnectBaseMs
        : Math.max(this.serverRetryMs, backoffDelay(failures, reconnectBaseMs, reconnectMaxMs, random));
      await this.pollUntil(Date.now() + (this.options.streaming ? delay : this.options.pollIntervalMs), broken);
    }
  }

  private streamOnce(server: URL, onDelivered: () => void): Promise<StreamAttemptResult> {
    const headers: Record<string, string> = {
      ...this.headers(),
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
    };
    const revision = this.cb.revision();
    if (revision !== undefined) headers['last-event-id'] = String(revision);
    let live = false;
    return runStream({
      url: this.url('/v1/sdk/stream', server),
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

  /**
   * Polls now and then every poll interval until `until`; returns early, to restart the stream,
   * once a poll succeeds after an outage (`outage`: the stream broke; or an earlier poll failed).
   */
  private async pollUntil(until: number, outage: boolean): Promise<void> {
    const signal = this.abort.signal;
    const { streaming, pollIntervalMs, reconnectBaseMs } = this.options;
    // Never more than one stream attempt a second this way (a stream that keeps breaking while polls work).
    const earliest = Date.now() + Math.min(reconnectBaseMs, 1000);
    let ok = await this.pollOnce();
    for (let left = until - Date.now(); left > 0 && !signal.aborted; left = until - Date.now()) {
      if (ok && outage && streaming) return sleep(Math.min(left, earliest - Date.now()), signal);
      outage ||= !ok;
      // While the servers do not answer, look again soon enough to notice their return.
      await sleep(Math.min(ok ? pollIntervalMs : Math.min(pollIntervalMs, 1000), left), signal);
      if (Date.now() < until && !signal.aborted) ok = await this.pollOnce();
    }
  }

  /** One poll of the current server; true when it confirmed or updated the snapshot. */
  private async pollOnce(): Promise<boolean> {
    const revision = this.cb.revision();
    const server = this.options.servers.current;
    const result = await pollConfig({
      url: this.url('/v1/sdk/config', server),
      headers: this.headers(),
      etag: revision === undefined ? undefined : `"${revision}"`,
      timeoutMs: this.options.connectTimeoutMs,
      signal: this.abort.signal,
      fetch: this.options.fetch,
    });
    if (this.abort.signal.aborted) return false;
    if (result.kind === 'not-modified') {
      this.cb.onPoll(true);
      return true;
    }
    if (result.kind === 'snapshot') {
      const ok = this.cb.offer(result.text, 'poll');
      this.cb.onPoll(ok);
      return ok;
    }
    this.cb.onPoll(false);
    if (result.status === undefined || result.status >= 500) this.options.servers.failed(server);
    const event: ClientErrorEvent = {
      code: (result.status !== undefined ? AUTH_CODES[result.status] : undefined) ?? 'POLL_ERROR',
      message: `poll failed${result.status !== undefined ? ` (HTTP ${result.status})` : ''}${result.error ? `: ${result.error.message}` : ''}`,
    };
    if (result.status !== undefined) event.status = result.status;
    this.cb.onError(event);
    return false;
  }
}
