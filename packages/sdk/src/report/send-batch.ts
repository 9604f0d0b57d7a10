/**
 * One `POST /v1/events` request (docs/sdk-protocol.md §6), classified for the retry policy:
 * accepted (with per-event rejections), retryable (429, 5xx, network; with Retry-After), or
 * permanent (other 4xx: retrying the same body cannot help).
 */
import type { IngestResponse } from '@ripcord/protocol';

/** The classified outcome of one send. */
export type SendOutcome =
  | { kind: 'accepted'; response: IngestResponse }
  | { kind: 'retry'; status: number | undefined; retryAfterMs: number | undefined; error: Error | undefined }
  | { kind: 'permanent'; status: number };

/** Parses `Retry-After` (delta-seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseIngestResponse(text: string, count: number): IngestResponse {
  try {
    const body = JSON.parse(text) as Partial<IngestResponse>;
    const rejected = Array.isArray(body.rejected) ? body.rejected : [];
    return { accepted: typeof body.accepted === 'number' ? body.accepted : count - rejected.length, rejected };
  } catch {
    // A 202 without a readable body still means the batch was taken.
    return { accepted: count, rejected: [] };
  }
}

/** Options of {@link sendBatch}. */
export interface SendOptions {
  url: URL;
  token: string;
  idempotencyKey: string;
  body: string;
  count: number;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Aborts the request when the client gives up (close deadline). */
  signal: AbortSignal;
}

/** Sends one batch. Never rejects. */
export async function sendBatch(o: SendOptions): Promise<SendOutcome> {
  try {
    const res = await o.fetch(o.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${o.token}`,
        'content-type': 'application/json',
        'idempotency-key': o.idempotencyKey,
      },
      body: o.body,
      signal: AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]),
    });
    const text = await res.text();
    if (res.status === 202 || res.status === 200)
      return { kind: 'accepted', response: parseIngestResponse(text, o.count) };
    if (res.status === 429 || res.status >= 500 || res.status === 408) {
      return {
        kind: 'retry',
        status: res.status,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()),
        error: undefined,
      };
    }
    return { kind: 'permanent', status: res.status };
  } catch (error) {
    return {
      kind: 'retry',
      status: undefined,
      retryAfterMs: undefined,
      error: error instanceof Error ? error : new Error(String(error)),
    };
  }
}
