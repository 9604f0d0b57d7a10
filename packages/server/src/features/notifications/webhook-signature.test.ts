import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature, webhookHmac } from './webhook-signature.js';

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const body = JSON.stringify({ type: 'ripcord.notification', id: 'rel_1:7', kind: 'executing' });
const at = new Date('2026-05-02T09:00:00.000Z');

describe('webhook signatures', () => {
  it('has the documented format: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signWebhook(secret, body, at);
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${webhookHmac(secret, t, body)}`);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('verifies a good signature', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhookSignature({ header, body, secret, now: new Date(at.getTime() + 60_000) })).toEqual({
      ok: true,
      timestamp: at.getTime() / 1000,
    });
  });

  it('refuses a tampered body', () => {
    const header = signWebhook(secret, body, at);
    const tampered = body.replace('executing', 'verified');
    expect(verifyWebhookSignature({ header, body: tampered, secret, now: at })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses the wrong secret', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhookSignature({ header, body, secret: `${secret}x`, now: at })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses a stale (or future) timestamp, even with a valid HMAC', () => {
    const header = signWebhook(secret, body, at);
    const later = new Date(at.getTime() + 301_000);
    const earlier = new Date(at.getTime() - 301_000);
    expect(verifyWebhookSignature({ header, body, secret, now: later })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ header, body, secret, now: earlier })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ header, body, secret, now: later, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it('refuses a timestamp moved to pass the window', () => {
    const header = signWebhook(secret, body, at).replace(/^t=\d+/, `t=${at.getTime() / 1000 + 400}`);
    expect(verifyWebhookSignature({ header, body, secret, now: new Date(at.getTime() + 400_000) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses missing and malformed headers', () => {
    expect(verifyWebhookSignature({ header: undefined, body, secret, now: at })).toEqual({
      ok: false,
      reason: 'missing',
    });
    for (const header of ['v1=abc', 't=1', 'garbage', `t=${at.getTime() / 1000},v1=zz`, 't=1=2,v1=00'])
      expect(verifyWebhookSignature({ header, body, secret, now: at })).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const t = at.getTime() / 1000;
    const header = `t=${t},v1=${webhookHmac('old-secret-old-secret-old-secret!', t, body)},v1=${webhookHmac(secret, t, body)}`;
    expect(verifyWebhookSignature({ header, body, secret, now: at }).ok).toBe(true);
  });
});
