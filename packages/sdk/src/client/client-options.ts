/**
 * Client options: partial options in, a fully resolved config out. A bad value throws at
 * `createClient()` with a clear message instead of failing later on the hot path.
 */
import type { FlagDefaults } from '../evaluation/route-request.js';
import { ServerList } from '../sync/server-list.js';

/** Options of `createClient()`. Only `server`, `token`, `environment` and `workflows` are required. */
export interface ClientOptions {
  /**
   * Base URL of the ripcord server, e.g. `http://127.0.0.1:7300`, or several replicas' URLs: the
   * client uses one at a time and moves to the next when it fails (stream, poll or report).
   */
  server: string | readonly string[];
  /** SDK token (sent as `Authorization: Bearer`). */
  token: string;
  environment: string;
  /** Workflows this application evaluates. */
  workflows: readonly string[];
  /** Persist each applied snapshot here and boot from it when the server is down. */
  cacheFile?: string;
  /** Per-workflow caller defaults returned when the workflow cannot be evaluated. */
  defaults?: Readonly<Record<string, FlagDefaults>>;
  /** `ready()` rejects if no snapshot arrived within this long (default 5,000 ms). */
  readyTimeoutMs?: number;
  /** A stream attempt that delivers no message within this long fails (default 10,000 ms). */
  connectTimeoutMs?: number;
  /** No bytes for this long means a dead stream (default 45,000 ms: three missed heartbeats; noticed within a quarter more). */
  heartbeatTimeoutMs?: number;
  /** Reconnect backoff base and ceiling (defaults 500 ms and 30,000 ms). */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Poll interval while the stream is down (default 10,000 ms). */
  pollIntervalMs?: number;
  /** Use the cache file if the server has not answered within this long at boot (default 1,000 ms). */
  cacheFallbackMs?: number;
  /** Outcome reporting; see {@link ReportOptions}. */
  report?: ReportOptions;
  /** Set false to never open the stream and only poll (default true). */
  streaming?: boolean;
  /** fetch implementation for polling and reporting (default: global fetch). */
  fetch?: typeof fetch;
  /** Random source for jitter (tests). */
  random?: () => number;
}

/** Outcome reporting options. */
export interface ReportOptions {
  /** Events sent per request (default 500, max 1,000). */
  batchSize?: number;
  /** Send buffered events at least this often (default 1,000 ms). */
  flushIntervalMs?: number;
  /** Buffer bound; beyond it the oldest events are dropped and counted (default 10,000). */
  maxBufferedEvents?: number;
  /**
   * Attempts per batch before it is given up (default: unlimited — a batch is retried, with
   * backoff, for as long as the outage lasts; only a full buffer loses events, counted as `dropped`).
   */
  maxAttempts?: number;
  /** Retry backoff base and ceiling (defaults 250 ms and 30,000 ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Per-request timeout (default 10,000 ms). */
  requestTimeoutMs?: number;
  /** How long `close()` waits for the final flush (default 5,000 ms); it resolves within this plus ~100 ms. */
  closeTimeoutMs?: number;
  /**
   * Edge summaries (docs/sdk-protocol.md §6.1): outcomes with a release and arm are folded into one
   * summary per release × arm × interval of this many ms (at most 3,600,000, at least 100; 1,000 is a good start)
   * instead of one event each. 0 (default): every outcome is sent as it is.
   */
  summaryIntervalMs?: number;
  /**
   * A file where undelivered events wait across a restart (docs/sdk.md "Spool"); '' (default): none.
   * Read at start, written before and after each batch and while events arrive.
   */
  spoolFile?: string;
  /** The spool's size bound (default 16 MiB); events beyond it are not spooled (counted as failed at close). */
  spoolMaxBytes?: number;
}

/** Fully resolved options. */
export type ResolvedOptions = Required<Omit<ClientOptions, 'cacheFile' | 'report' | 'defaults'>> & {
  /** The servers in the order given; the sync loop and the reporter move along them on failure. */
  servers: ServerList;
  cacheFile: string | undefined;
  defaults: Readonly<Record<string, FlagDefaults>>;
  report: Required<ReportOptions>;
};

function positive(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0 || v > max)
    throw new TypeError(`ripcord: option ${name} must be a number in (0, ${max}], got ${v}`);
  return v;
}

function resolveReport(r: ReportOptions = {}): Required<ReportOptions> {
  return {
    batchSize: positive('report.batchSize', r.batchSize, 500, 1000),
    flushIntervalMs: positive('report.flushIntervalMs', r.flushIntervalMs, 1000),
    maxBufferedEvents: positive('report.maxBufferedEvents', r.maxBufferedEvents, 10_000),
    maxAttempts:
      r.maxAttempts === undefined || r.maxAttempts === Infinity
        ? Infinity
        : positive('report.maxAttempts', r.maxAttempts, Infinity),
    retryBaseMs: positive('report.retryBaseMs', r.retryBaseMs, 250),
    retryMaxMs: positive('report.retryMaxMs', r.retryMaxMs, 30_000),
    requestTimeoutMs: positive('report.requestTimeoutMs', r.requestTimeoutMs, 10_000),
    closeTimeoutMs: positive('report.closeTimeoutMs', r.closeTimeoutMs, 5000),
    summaryIntervalMs:
      (r.summaryIntervalMs ?? 0) === 0
        ? 0
        : positive('report.summaryIntervalMs', Math.max(100, r.summaryIntervalMs ?? 0), 0, 3_600_000),
    spoolFile: r.spoolFile ?? '',
    spoolMaxBytes: positive('report.spoolMaxBytes', r.spoolMaxBytes, 16 * 1024 * 1024),
  };
}

function requireString(name: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0)
    throw new TypeError(`ripcord: option ${name} must be a non-empty string`);
  return v;
}

function serverUrl(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(requireString('server', value));
  } catch {
    throw new TypeError(`ripcord: option server must be an http(s) URL, got ${String(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError('ripcord: option server must be http(s)');
  return url;
}

/** Validates options and fills defaults; throws a TypeError naming the bad option. */
export function resolveOptions(o: ClientOptions): ResolvedOptions {
  const given: readonly unknown[] = Array.isArray(o.server) ? o.server : [o.server];
  if (given.length === 0) throw new TypeError('ripcord: option server must name at least one URL');
  const serverUrls = given.map(serverUrl);
  const workflows: unknown = o.workflows;
  if (
    !Array.isArray(workflows) ||
    workflows.length === 0 ||
    !workflows.every((w) => typeof w === 'string' && w.length > 0)
  ) {
    throw new TypeError('ripcord: option workflows must be a non-empty array of workflow names');
  }
  return {
    server: o.server,
    servers: new ServerList(serverUrls),
    token: requireString('token', o.token),
    environment: requireString('environment', o.environment),
    workflows: [...o.workflows],
    cacheFile: o.cacheFile,
    defaults: o.defaults ?? {},
    readyTimeoutMs: positive('readyTimeoutMs', o.readyTimeoutMs, 5000),
    connectTimeoutMs: positive('connectTimeoutMs', o.connectTimeoutMs, 10_000),
    heartbeatTimeoutMs: positive('heartbeatTimeoutMs', o.heartbeatTimeoutMs, 45_000),
    reconnectBaseMs: positive('reconnectBaseMs', o.reconnectBaseMs, 500),
    reconnectMaxMs: positive('reconnectMaxMs', o.reconnectMaxMs, 30_000),
    pollIntervalMs: positive('pollIntervalMs', o.pollIntervalMs, 10_000),
    cacheFallbackMs: positive('cacheFallbackMs', o.cacheFallbackMs, 1000),
    report: resolveReport(o.report),
    streaming: o.streaming ?? true,
    fetch: o.fetch ?? globalThis.fetch.bind(globalThis),
    random: o.random ?? Math.random,
  };
}
