import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ManualClock } from '../src/clock.js';
import { createApp, type Services } from '../src/create-app.js';
import type { Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { adminToken, exampleDocuments } from './helpers.js';

/** The actuator secret the rollback tests sign with (≥ 32 characters). */
export const actuatorSecret = 'rollback-test-actuator-secret-0123456789';

/** A control plane on real HTTP (127.0.0.1), with a manual clock and actuator secrets. */
export interface HttpApp {
  url: string;
  services: Services;
  clock: ManualClock;
  call: (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: any }>;
  stop: () => Promise<void>;
}

/**
 * Serves an app over `database` on a free loopback port (a restart: another app on the same
 * store). `secrets`: the actuator secrets it holds (default: `RIPCORD_ACTUATOR_SECRET` only).
 */
export async function startHttpApp(
  database: Database,
  clock = new ManualClock('2026-05-02T09:00:00.000Z'),
  secrets: Readonly<Record<string, string>> = { RIPCORD_ACTUATOR_SECRET: actuatorSecret },
) {
  const { app, services } = createApp({
    database,
    clock,
    logger: createLogger({ level: 'silent' }),
    config: { bodyLimitBytes: 256 * 1024, cooldownMs: 72 * 3600e3 },
    probe: () => Promise.resolve({ ok: true, detail: 'HTTP 200 (test probe)' }),
    actuators: { secrets, actuatorBackoffMs: 5 },
  });
  await services.tokens.bootstrap(adminToken);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)) as Server;
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: HttpApp['call'] = async (method, path, body, token = adminToken) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, services, clock, call, stop } satisfies HttpApp;
}

/** The ride-pricing example with an `actuators:` section whose every endpoint is `url`. */
export function ridePricingWithActuators(url: string, names: readonly string[]): Record<string, unknown>[] {
  return exampleDocuments('ride-pricing', { includeReleases: true }).map((d) =>
    d.kind === 'Workflow' ? { ...d, actuators: Object.fromEntries(names.map((n) => [n, { url }])) } : d,
  );
}

/**
 * Applies ride-pricing with every actuator in `names` at `url`, labels 41 as production and starts
 * its release; returns the release id, an on-call operator token and a way to make more tokens.
 */
export async function startRidePricing(
  t: HttpApp,
  url: string,
  names: readonly string[],
): Promise<{ id: string; oncall: string; token: (subject: string) => Promise<string> }> {
  const applied = await t.call('POST', '/v1/apply', { documents: ridePricingWithActuators(url, names) });
  if (applied.status !== 200) throw new Error(`apply failed: ${JSON.stringify(applied.body)}`);
  await t.call('PUT', '/v1/workflows/ride-pricing/environments/production/labels/production', {
    version: '41',
    reason: 'baseline',
  });
  const id = (await t.call('GET', '/v1/releases')).body.releases[0].id as string;
  const token = async (subject: string) =>
    (await t.call('POST', '/v1/tokens', { subject, role: 'operator' })).body.token as string;
  const oncall = await token('team-pricing');
  const started = await t.call('POST', `/v1/releases/${id}/start`);
  if (started.body.started !== true) throw new Error(`release did not start: ${JSON.stringify(started.body)}`);
  return { id, oncall, token };
}
