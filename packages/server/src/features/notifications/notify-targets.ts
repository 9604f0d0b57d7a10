/**
 * Notification targets as the server is configured with them: `RIPCORD_NOTIFY_URLS`, a comma-
 * separated list of `slack:<url>` (a Slack-compatible incoming webhook) and `webhook:<url>` (a
 * generic webhook, signed with `RIPCORD_WEBHOOK_SECRET`). Parsing returns a value; config.ts turns
 * a failure into a startup error.
 */
import { createHash } from 'node:crypto';
import type { NotifyTarget } from './notification-model.js';

/** The shortest signing secret accepted (e.g. `openssl rand -hex 32` gives 64 characters). */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;

/** Parsed targets, or the first problem found. */
export type TargetsResult = { ok: true; targets: NotifyTarget[] } | { ok: false; message: string };

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Parses `RIPCORD_NOTIFY_URLS`. URLs must be https; plain http is accepted only for loopback
 * receivers (a relay or sidecar on the same host, and the tests). Messages never echo a URL's path:
 * a Slack webhook's path is its credential.
 */
export function parseNotifyTargets(value: string | undefined): TargetsResult {
  if (value === undefined || value.trim() === '') return { ok: true, targets: [] };
  const targets: NotifyTarget[] = [];
  const entries = value.split(',').map((e) => e.trim());
  for (const [index, entry] of entries.entries()) {
    const where = `RIPCORD_NOTIFY_URLS entry ${index + 1}`;
    if (entry === '') return { ok: false, message: `${where} is empty (check for a doubled or trailing comma)` };
    const match = /^(slack|webhook):(.*)$/.exec(entry);
    if (!match) return { ok: false, message: `${where} must start with "slack:" or "webhook:"` };
    const checked = checkTarget(match[1] as NotifyTarget['kind'], match[2]!, where);
    if (!checked.ok) return checked;
    if (targets.some((t) => t.id === checked.target.id))
      return { ok: false, message: `${where} repeats an earlier target (${checked.target.display})` };
    targets.push(checked.target);
  }
  return { ok: true, targets };
}

/** Builds (and checks) one target from its kind and URL. */
export function notifyTarget(kind: NotifyTarget['kind'], url: string): TargetsResult {
  const checked = checkTarget(kind, url, `the ${kind} target`);
  return checked.ok ? { ok: true, targets: [checked.target] } : checked;
}

/**
 * The signing secret's rule: required when any generic webhook is configured, and at least
 * `MIN_WEBHOOK_SECRET_LENGTH` characters. Returns the problem, or `null`.
 */
export function checkWebhookSecret(targets: readonly NotifyTarget[], secret: string | undefined): string | null {
  if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET_LENGTH)
    return `RIPCORD_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long (try: openssl rand -hex 32)`;
  if (secret === undefined && targets.some((t) => t.kind === 'webhook'))
    return 'RIPCORD_NOTIFY_URLS has webhook: targets, which are signed: set RIPCORD_WEBHOOK_SECRET (try: openssl rand -hex 32)';
  return null;
}

function checkTarget(
  kind: NotifyTarget['kind'],
  raw: string,
  where: string,
): { ok: true; target: NotifyTarget } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `${where}: "${kind}:" must be followed by an absolute http(s) URL` };
  }
  const display = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, message: `${where}: ${display} must use https` };
  if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname))
    return { ok: false, message: `${where}: ${display} must use https (plain http only for loopback receivers)` };
  if (url.hash !== '') return { ok: false, message: `${where}: ${display} must not have a #fragment` };
  const id = `${kind}_${createHash('sha256').update(`${kind}:${url.href}`).digest('hex').slice(0, 12)}`;
  return { ok: true, target: { kind, url: url.href, id, display } };
}
