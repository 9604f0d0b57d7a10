import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../config.js';
import { parseNotifyTargets } from './notify-targets.js';

const secret = 'a'.repeat(64);

describe('RIPCORD_NOTIFY_URLS', () => {
  it('parses slack: and webhook: targets with stable ids and path-free display names', () => {
    const value = ' slack:https://hooks.slack.com/services/T0/B0/XYZ , webhook:http://127.0.0.1:9000/hook';
    const first = parseNotifyTargets(value);
    const again = parseNotifyTargets(value);
    expect(first.ok && first.targets.map((t) => [t.kind, t.display])).toEqual([
      ['slack', 'https://hooks.slack.com'],
      ['webhook', 'http://127.0.0.1:9000'],
    ]);
    expect(first.ok && again.ok && first.targets.map((t) => t.id)).toEqual(again.ok && again.targets.map((t) => t.id));
    expect(first.ok && first.targets[0]!.id).toMatch(/^slack_[0-9a-f]{12}$/);
    expect(parseNotifyTargets(undefined)).toEqual({ ok: true, targets: [] });
    expect(parseNotifyTargets('')).toEqual({ ok: true, targets: [] });
  });

  it('refuses bad entries with a message that does not echo the URL path', () => {
    const cases: [string, RegExp][] = [
      ['teams:https://x.example', /entry 1 must start with "slack:" or "webhook:"/],
      ['slack:not a url', /entry 1: "slack:" must be followed by an absolute http\(s\) URL/],
      [
        'webhook:http://hooks.internal/SECRETPATH',
        /entry 1: http:\/\/hooks\.internal must use https \(plain http only for loopback/,
      ],
      ['webhook:ftp://x.example/a', /must use https/],
      ['slack:https://a.example/x,,webhook:https://b.example', /entry 2 is empty/],
      ['slack:https://a.example/x,slack:https://a.example/x', /entry 2 repeats an earlier target/],
    ];
    for (const [value, message] of cases) {
      const result = parseNotifyTargets(value);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(message);
        expect(result.message).not.toContain('SECRETPATH');
      }
    }
  });
});

describe('notification configuration at startup', () => {
  it('resolves targets, secret and incident channel from the environment', () => {
    const config = resolveConfig(
      {},
      {
        RIPCORD_NOTIFY_URLS: 'webhook:https://hooks.example.com/ripcord',
        RIPCORD_WEBHOOK_SECRET: secret,
        RIPCORD_INCIDENT_CHANNEL: '#inc-ai',
      },
    );
    expect(config.notifyTargets.map((t) => t.kind)).toEqual(['webhook']);
    expect(config.webhookSecret).toBe(secret);
    expect(config.incidentChannel).toBe('#inc-ai');
    const bare = resolveConfig({}, {});
    expect([bare.notifyTargets, bare.webhookSecret, bare.incidentChannel]).toEqual([[], undefined, undefined]);
  });

  it('stops startup with a clear message for bad values', () => {
    const fails = (env: Record<string, string>) => () => resolveConfig({}, env);
    expect(fails({ RIPCORD_NOTIFY_URLS: 'webhook:https://hooks.example.com/x' })).toThrow(
      new ConfigError(
        'RIPCORD_NOTIFY_URLS has webhook: targets, which are signed: set RIPCORD_WEBHOOK_SECRET (try: openssl rand -hex 32)',
      ),
    );
    expect(fails({ RIPCORD_WEBHOOK_SECRET: 'short' })).toThrow(/RIPCORD_WEBHOOK_SECRET must be at least 32 characters/);
    expect(fails({ RIPCORD_NOTIFY_URLS: 'email:ops@example.com' })).toThrow(ConfigError);
    // Slack targets are capability URLs, not signed: no secret needed.
    expect(
      resolveConfig({}, { RIPCORD_NOTIFY_URLS: 'slack:https://hooks.slack.com/services/a' }).notifyTargets,
    ).toHaveLength(1);
  });
});
