/**
 * Signatures of generic webhooks. Each request carries
 *
 *   X-Ripcord-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * A receiver recomputes the HMAC over the exact bytes it received, compares in constant time,
 * and refuses timestamps outside its tolerance (replays). `verifyWebhookSignature` does all three;
 * receivers written in TypeScript can import it, others follow docs/notifications.md.
 *
 * Each request is also signed in the Standard Webhooks format (https://www.standardwebhooks.com),
 * so receivers can use an existing verifier:
 *
 *   webhook-id: <the idempotency key>   webhook-timestamp: <unix seconds>
 *   webhook-signature: v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<raw body>")>
 *
 * The HMAC key is the secret's UTF-8 bytes (in Standard Webhooks terms the secret is
 * `whsec_` + base64 of them).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header names of a ripcord webhook request. */
export const SIGNATURE_HEADER = 'X-Ripcord-Signature';
export const EVENT_HEADER = 'X-Ripcord-Event';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Standard Webhooks header names. */
export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';

/** The Standard Webhooks headers for `body` with message id `id`, signed at `at`. */
export function standardWebhookHeaders(secret: string, id: string, body: string, at: Date): Record<string, string> {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${id}.${t}.${body}`, 'utf8').digest('base64');
  return {
    [STANDARD_ID_HEADER]: id,
    [STANDARD_TIMESTAMP_HEADER]: String(t),
    [STANDARD_SIGNATURE_HEADER]: `v1,${mac}`,
  };
}

/** The secret as a Standard Webhooks verifier takes it: `whsec_` + base64 of its UTF-8 bytes. */
export function standardWebhookSecret(secret: string): string {
  return `whsec_${Buffer.from(secret, 'utf8').toString('base64')}`;
}

/** How far a signature's timestamp may be from the receiver's clock by default (5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `"<timestamp>.<body>"`. */
export function webhookHmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The `X-Ripcord-Signature` value for `body` signed at `at`. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${webhookHmac(secret, t, body)}`;
}

/** Why a signature was refused, or the timestamp it was made at. */
export type SignatureCheck =
  { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Verifies a signature header against the raw body. Several `v1=` values are accepted (any may
 * match), so a sender can sign with an old and a new secret while the secret rotates.
 */
export function verifyWebhookSignature(input: {
  header: string | null | undefined;
  body: string;
  secret: string;
  now?: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of input.header.split(',')) {
    const [name, value, ...rest] = part.trim().split('=');
    if (value === undefined || rest.length > 0) return { ok: false, reason: 'malformed' };
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS))
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(webhookHmac(input.secret, timestamp, input.body), 'hex');
  const matches = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}
