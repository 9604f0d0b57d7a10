/**
 * Calls an actuator: a signed webhook (the header scheme of docs/notifications.md) with a stable
 * `Idempotency-Key`, a timeout per attempt, and retries with exponential backoff. A receiver that
 * honours the key applies each effect once however often ripcord repeats the call (after a
 * timeout, or when a resumed step calls again after a crash). Redirects are never followed.
 */
import {
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  standardWebhookHeaders,
} from '../notifications/webhook-signature.js';
import type { ResolvedActuator } from './resolved-actuator.js';

/** One logical call: the same body and key on every attempt. */
export interface ActuatorCall {
  actuator: ResolvedActuator;
  /** The idempotency key: the step's key plus a suffix (`:actuator`, `:job`). */
  key: string;
  /** `X-Ripcord-Event`, e.g. `actuator.restore` or `actuator.job`. */
  event: string;
  body: Record<string, unknown>;
  /** Extra headers (a drill's `X-Ripcord-Drill`). */
  headers?: Record<string, string>;
}

/** Marks an actuator call made by a rollback drill (its value: the drill's id); the body carries `drill: { id }`. */
export const DRILL_HEADER = 'X-Ripcord-Drill';

/** How a call went: accepted (2xx) after `attempts`, or given up with the last error. */
export type CallResult =
  { ok: true; status: number; attempts: number } | { ok: false; error: string; attempts: number; retryable: boolean };

/** What a call needs besides its target. */
export interface CallOptions {
  /** The secret held by a server environment variable, if set. */
  secret: (envName: string) => string | undefined;
  /** The time signatures are made at (the injected clock). */
  now: () => Date;
  /** First retry delay; doubles per attempt up to 10 s (default 500 ms). */
  backoffMs?: number;
}

type Attempt = { ok: true; status: number } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

const MAX_DELAY_MS = 10_000;

/** Makes the call, retrying what may succeed later. Never throws. */
export async function callActuator(call: ActuatorCall, options: CallOptions): Promise<CallResult> {
  const secret = options.secret(call.actuator.secretEnv);
  if (!secret)
    return {
      ok: false,
      attempts: 0,
      retryable: false,
      error: `no signing secret: set ${call.actuator.secretEnv} on the server`,
    };
  const body = JSON.stringify(call.body);
  let last: Attempt = { ok: false, error: 'not attempted', retryable: true };
  for (let attempt = 1; attempt <= call.actuator.attempts; attempt++) {
    last = await attemptOnce(call, body, secret, options.now());
    if (last.ok) return { ...last, attempts: attempt };
    if (!last.retryable) return { ...last, attempts: attempt };
    if (attempt < call.actuator.attempts) {
      const backoff = Math.min(MAX_DELAY_MS, (options.backoffMs ?? 500) * 2 ** (attempt - 1));
      await sleep(Math.min(MAX_DELAY_MS, last.retryAfterMs ?? backoff));
    }
  }
  return { ok: false, error: last.ok ? '' : last.error, retryable: true, attempts: call.actuator.attempts };
}

async function attemptOnce(call: ActuatorCall, body: string, secret: string, at: Date): Promise<Attempt> {
  const headers = {
    ...call.headers,
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'ripcord-actuator/0.1',
    [EVENT_HEADER]: call.event,
    [IDEMPOTENCY_HEADER]: call.key,
    [SIGNATURE_HEADER]: signWebhook(secret, body, at),
    ...standardWebhookHeaders(secret, call.key, body, at),
  };
  const signal = AbortSignal.timeout(call.actuator.timeoutMs);
  try {
    const res = await fetch(call.actuator.url, { method: 'POST', headers, body, redirect: 'manual', signal });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const error = `${call.actuator.name} actuator answered HTTP ${res.status}`;
    if (res.status >= 300 && res.status < 400)
      return { ok: false, error: `${error} (redirects are not followed)`, retryable: false };
    const retryable = [408, 425, 429].includes(res.status) || res.status >= 500;
    const retryAfterMs = retryAfter(res.headers.get('retry-after'));
    return { ok: false, error, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch (error) {
    if (signal.aborted)
      return {
        ok: false,
        retryable: true,
        error: `${call.actuator.name} actuator: no answer within ${call.actuator.timeoutMs} ms`,
      };
    return { ok: false, retryable: true, error: `${call.actuator.name} actuator: network error (${errorCode(error)})` };
  }
}

/** A failed fetch's cause code (ECONNREFUSED, …); never its message, which may name the URL. */
export function errorCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'unknown';
}

function retryAfter(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
