/**
 * One delivery attempt of one notification to one target, over HTTP, with a timeout. The outcome
 * is a value the outbox acts on: delivered (2xx), retry (timeouts, network errors, 408/425/429,
 * 5xx), or rejected (any other answer: retrying will not help). Redirects are not followed, so a
 * signed body never travels somewhere the operator did not configure.
 */
import type { NotificationKind, NotifyTarget } from './notification-model.js';
import { redactSecrets } from './redact.js';
import {
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  standardWebhookHeaders,
} from './webhook-signature.js';

/** What is sent: the stored body, exactly as enqueued, under its stable key. */
export interface OutgoingNotification {
  target: NotifyTarget;
  key: string;
  kind: NotificationKind;
  body: string;
}

/** The outcome of one attempt. `aborted`: the sender was stopped mid-request (not the receiver's fault). */
export type AttemptResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; error: string; retryAfterMs?: number }
  | { outcome: 'rejected'; error: string }
  | { outcome: 'aborted' };

/** How an attempt is made. */
export interface AttemptOptions {
  /** Signs generic webhooks; required for `webhook` targets. */
  secret: string | undefined;
  /** The time the signature is made at (the injected clock). */
  at: Date;
  timeoutMs: number;
  /** Aborts the request when the sender stops. */
  signal?: AbortSignal;
}

/** The event header's value for a notification kind. */
export function eventName(kind: NotificationKind): string {
  return `notification.${kind}`;
}

/** Makes one attempt to deliver `n`. Never throws. */
export async function sendNotification(n: OutgoingNotification, options: AttemptOptions): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'ripcord-notifier/0.1',
    [EVENT_HEADER]: eventName(n.kind),
    [IDEMPOTENCY_HEADER]: n.key,
  };
  if (n.target.kind === 'webhook') {
    if (options.secret === undefined)
      return { outcome: 'rejected', error: 'no signing secret (RIPCORD_WEBHOOK_SECRET)' };
    headers[SIGNATURE_HEADER] = signWebhook(options.secret, n.body, options.at);
    Object.assign(headers, standardWebhookHeaders(options.secret, n.key, n.body, options.at));
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const res = await fetch(n.target.url, { method: 'POST', headers, body: n.body, redirect: 'manual', signal });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { outcome: 'delivered', status: res.status };
    const error = `HTTP ${res.status}${text ? `: ${oneLine(text)}` : ''}`;
    if (res.status >= 300 && res.status < 400)
      return { outcome: 'rejected', error: `${error} (redirects are not followed)` };
    if ([408, 425, 429].includes(res.status) || res.status >= 500) {
      const retryAfterMs = retryAfter(res.headers.get('retry-after'), options.at);
      return { outcome: 'retry', error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    return { outcome: 'rejected', error };
  } catch (error) {
    if (options.signal?.aborted) return { outcome: 'aborted' };
    if (timeout.aborted) return { outcome: 'retry', error: `no answer within ${options.timeoutMs} ms` };
    return { outcome: 'retry', error: `network error (${errorCode(error)})` };
  }
}

/** A failed fetch's cause code (ECONNREFUSED, …); never its message, which may name the URL. */
function errorCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'unknown';
}

/** `Retry-After` as milliseconds from `now` (seconds or an HTTP date). */
function retryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function oneLine(text: string): string {
  const flat = redactSecrets(text.replace(/\s+/g, ' ').trim());
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
