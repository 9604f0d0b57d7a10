/**
 * Secrets never leave in a notification. Templates only show the typed fields of an event, and
 * every string they show passes through `redactSecrets` first, so a careless summary ("set
 * api_key=sk-…") is scrubbed before it is stored in the outbox or sent anywhere.
 */

const patterns: readonly [RegExp, string][] = [
  // ripcord API tokens (rc_ + 43 base64url characters).
  [/\brc_[A-Za-z0-9_-]{16,}/g, 'rc_[redacted]'],
  // Provider API keys (OpenAI-style sk-…, Anthropic sk-ant-…) and Slack tokens.
  [/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-[redacted]'],
  [/\bxox[abprs]-[A-Za-z0-9-]{8,}/g, 'xox-[redacted]'],
  // Slack incoming-webhook URLs: the path is the credential.
  [/https:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'<>|]+/g, 'https://hooks.slack.com/[redacted]'],
  // Bearer credentials and user:password@ in URLs.
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1[redacted]@'],
  // key=value and key: value pairs whose key names a secret.
  [
    /\b(secret|password|passwd|token|api[_-]?key|access[_-]?key|private[_-]?key)(["']?\s*[=:]\s*["']?)[^\s,;&"'}]+/gi,
    '$1$2[redacted]',
  ],
];

/**
 * Replaces anything that looks like a credential, and every literal in `known` (the webhook
 * secret, the admin token), with `[redacted]`.
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}
