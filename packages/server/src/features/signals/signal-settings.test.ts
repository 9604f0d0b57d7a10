/**
 * Signal sources as server settings: what `RIPCORD_SIGNAL_SOURCES` and each source's credential
 * variables accept, and the one-line reasons for what they refuse (a bad setting stops startup).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../config.js';
import { describeSource, parseSignalSources } from './signal-settings.js';

const parse = (env: Record<string, string>) => parseSignalSources(env);

describe('signal source settings', () => {
  it('reads Prometheus and Datadog sources with credentials by name, and never shows a credential', () => {
    const result = parse({
      RIPCORD_SIGNAL_SOURCES:
        'prometheus:main=http://127.0.0.1:9090/,prometheus:eu-west=https://prom.example,datadog:dd=https://api.datadoghq.eu',
      RIPCORD_SIGNAL_EU_WEST_BASIC_AUTH: 'ripcord:s3cret:with-colon',
      RIPCORD_SIGNAL_DD_API_KEY: 'api-key-1',
      RIPCORD_SIGNAL_DD_APP_KEY: 'app-key-1',
    });
    expect(result).toEqual({
      ok: true,
      sources: [
        { name: 'main', system: 'prometheus', url: 'http://127.0.0.1:9090', auth: { kind: 'none' } },
        {
          name: 'eu-west',
          system: 'prometheus',
          url: 'https://prom.example',
          auth: { kind: 'basic', username: 'ripcord', password: 's3cret:with-colon' },
        },
        {
          name: 'dd',
          system: 'datadog',
          url: 'https://api.datadoghq.eu',
          auth: { kind: 'datadog', apiKey: 'api-key-1', appKey: 'app-key-1' },
        },
      ],
    });
    if (result.ok) expect(result.sources.map(describeSource).join(' ')).not.toMatch(/s3cret|key-1/);
  });

  it('reads a private CA for an https source', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-ca-'));
    const file = path.join(dir, 'ca.pem');
    fs.writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const result = parse({
      RIPCORD_SIGNAL_SOURCES: 'prometheus:main=https://prom.internal:9090',
      RIPCORD_SIGNAL_MAIN_BEARER_TOKEN: 't0k3n',
      RIPCORD_SIGNAL_MAIN_CA_FILE: file,
    });
    expect(result.ok && result.sources[0]).toMatchObject({
      auth: { kind: 'bearer', token: 't0k3n' },
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
    });
    fs.rmSync(dir, { recursive: true });
  });

  it.each([
    [
      { RIPCORD_SIGNAL_SOURCES: 'prom:main=http://127.0.0.1:9090' },
      'entry 1 must read <prometheus|datadog>:<name>=<url>',
    ],
    [
      { RIPCORD_SIGNAL_SOURCES: 'prometheus:main=http://a:1,prometheus:main=http://b:2' },
      'entry 2 repeats the source name main',
    ],
    [
      { RIPCORD_SIGNAL_SOURCES: 'prometheus:main=http://user:pw@127.0.0.1:9090' },
      'put credentials in RIPCORD_SIGNAL_MAIN_BASIC_AUTH',
    ],
    [
      { RIPCORD_SIGNAL_SOURCES: 'prometheus:main=http://prom.example:9090', RIPCORD_SIGNAL_MAIN_BEARER_TOKEN: 'x' },
      'credentials would travel in clear text',
    ],
    [
      {
        RIPCORD_SIGNAL_SOURCES: 'prometheus:main=https://p',
        RIPCORD_SIGNAL_MAIN_BEARER_TOKEN: 'x',
        RIPCORD_SIGNAL_MAIN_BASIC_AUTH: 'a:b',
      },
      'not both',
    ],
    [
      { RIPCORD_SIGNAL_SOURCES: 'datadog:dd=https://api.datadoghq.com' },
      'needs RIPCORD_SIGNAL_DD_API_KEY and RIPCORD_SIGNAL_DD_APP_KEY',
    ],
    [
      { RIPCORD_SIGNAL_SOURCES: 'prometheus:main=https://p', RIPCORD_SIGNAL_MAIN_CA_FILE: '/nonexistent/ca.pem' },
      'cannot be read',
    ],
  ])('refuses %j', (env, message) => {
    const result = parse(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('stops startup on a bad source, metrics access or alert webhook secret', () => {
    expect(() => resolveConfig({}, { RIPCORD_SIGNAL_SOURCES: 'nope' })).toThrow(ConfigError);
    expect(() => resolveConfig({}, { RIPCORD_METRICS: 'public' })).toThrow('RIPCORD_METRICS must be "open" or "token"');
    expect(() => resolveConfig({}, { RIPCORD_ALERT_WEBHOOK_SECRET: 'short' })).toThrow('at least 32 characters');
    expect(resolveConfig({}, {})).toMatchObject({
      signalSources: [],
      metricsAccess: 'token',
      alertWebhookSecret: undefined,
    });
  });
});
