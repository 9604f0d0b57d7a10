/**
 * The dashboard tests' world: a real server on a free port (embedded store in memory-backed scratch
 * space, a manual clock the test moves, its own tick timer out of the way as in the demo), the
 * shipped examples applied, owner tokens, and an application whose every request goes through the
 * real SDK and reports its outcome.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createClient, decisionFields, type RipcordClient } from '@ripcord/sdk';
import { ManualClock, startServer, type RunningServer } from '@ripcord/server';

const root = path.resolve(import.meta.dirname, '../../..');
export const ADMIN_TOKEN = 'dashboard-test-admin-token-0123456789';
const DAY = 24 * 3600 * 1000;

/** Tokens by who holds them (ride-pricing's owners, from examples/ride-pricing.yaml). */
export interface Tokens {
  admin: string;
  /** team-pricing: ride-pricing's engineering owner, on call (may approve a level-2 rollback). */
  engineer: string;
  /** pm-marketplace: the product owner (an operator token, but no rollback authority). */
  product: string;
  /** team-support-ai: support-summary's engineering owner, on call. */
  supportEngineer: string;
  /** A read-only token. */
  viewer: string;
  /** A read-only token scoped to support-summary. */
  scoped: string;
  sdk: string;
}

/** A running test world. */
export interface Fixture {
  url: string;
  clock: ManualClock;
  server: RunningServer;
  tokens: Tokens;
  /** Calls the API as `token` (admin by default); throws on a status other than `expect`. */
  call(method: string, route: string, body?: unknown, options?: { token?: string; expect?: number }): Promise<any>;
  /** Moves the clock and runs the release machine's tick (as the server's timer would). */
  tick(advanceMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function scratch(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : fs.realpathSync(process.env.TMPDIR ?? '/tmp');
  return fs.mkdtempSync(path.join(base, 'ripcord-dashboard-'));
}

/** The documents of an example (`examples/<name>.yaml`). */
export function example(name: 'support-summary' | 'ride-pricing'): Record<string, any>[] {
  const text = fs.readFileSync(path.join(root, 'examples', `${name}.yaml`), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);
}

/** Starts the server and applies both examples; ride-pricing's release may roll back level 1 only by itself. */
export async function startFixture(): Promise<Fixture> {
  const dataDir = scratch();
  const clock = new ManualClock('2026-05-02T09:00:00.000Z');
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN_TOKEN, logLevel: 'error', tickMs: DAY },
    {},
    { clock, announce: () => undefined, probe: () => Promise.resolve({ ok: true, detail: 'HTTP 200 (test probe)' }) },
  );
  const url = server.url;
  const call: Fixture['call'] = async (method, route, body, options = {}) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token ?? ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (options.expect === undefined ? res.status >= 300 : res.status !== options.expect)
      throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  // Level 2 is not automatic here: the rollback that level 1 cannot do safely waits for on call.
  const ride = example('ride-pricing').map((d) =>
    d.kind === 'Release' ? { ...d, automatic: ['level1', 'flags'] } : d,
  );
  await call('POST', '/v1/apply', { documents: [...example('support-summary'), ...ride] });
  const label = (wf: string, version: string) =>
    call('PUT', `/v1/workflows/${wf}/environments/production/labels/production`, { version, reason: 'approved' });
  await label('support-summary', '2026-04-10.1');
  await label('ride-pricing', '41');
  const token = async (subject: string, role: string, scope?: Record<string, unknown>) =>
    (await call('POST', '/v1/tokens', { subject, role, ...(scope ? { scope } : {}) })).token as string;
  const tokens: Tokens = {
    admin: ADMIN_TOKEN,
    engineer: await token('team-pricing', 'operator'),
    product: await token('pm-marketplace', 'operator'),
    supportEngineer: await token('team-support-ai', 'operator'),
    viewer: await token('auditor', 'viewer'),
    scoped: await token('support-viewer', 'viewer', { workflows: ['support-summary'] }),
    sdk: await token('pricing-app', 'sdk', { environment: 'production' }),
  };
  const tick = async (advanceMs = 10_000) => {
    clock.advance(advanceMs);
    await server.services.machine.tick();
  };
  const stop = async () => {
    await server.stop(1000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, clock, server, tokens, call, tick, stop };
}

/** The id of a release by workflow. */
export async function releaseId(f: Fixture, workflow: string): Promise<string> {
  return (await f.call('GET', `/v1/releases?workflow=${workflow}`)).releases[0].id as string;
}

/** The features each ride-pricing bundle's pipeline declares (examples/ride-pricing.yaml). */
const features: Record<string, readonly string[]> = {
  '41': ['hour_of_week', 'zone_demand_15m', 'zone_supply_15m', 'rain_mm', 'event_nearby'],
  '42': ['hour_of_week', 'zone_demand_10m', 'zone_supply_10m', 'rain_mm', 'event_nearby', 'airport_queue'],
};

/** A pricing application: routes each request through the real SDK and reports its outcome. */
export class PricingApp {
  private constructor(
    private readonly client: RipcordClient,
    private readonly clock: ManualClock,
  ) {}

  static async start(f: Fixture): Promise<PricingApp> {
    const client = createClient({
      server: f.url,
      token: f.tokens.sdk,
      environment: 'production',
      workflows: ['ride-pricing'],
      reconnectBaseMs: 50,
      reconnectMaxMs: 200,
      report: { flushIntervalMs: 50 },
    });
    await client.ready();
    return new PricingApp(client, f.clock);
  }

  /** The configuration revision the SDK serves. */
  get revision(): number | undefined {
    return this.client.revision;
  }

  /**
   * Serves `n` requests from distinct riders; the candidate errors on every `candidateErrorEvery`-th
   * of its requests (0: never). Resolves once the server has taken every report.
   */
  async serve(n: number, candidateErrorEvery = 0, offset = 0): Promise<{ candidate: number; control: number }> {
    const tally = { candidate: 0, control: 0 };
    const at = this.clock.now().toISOString();
    for (let i = 0; i < n; i++) {
      const key = `rider-${offset + i}`;
      const d = this.client.route('ride-pricing', { key });
      tally[d.arm] += 1;
      const error = d.arm === 'candidate' && candidateErrorEvery > 0 && tally.candidate % candidateErrorEvery === 0;
      this.client.report({
        type: 'outcome',
        workflow: 'ride-pricing',
        requestId: `req-${offset + i}-${at}`,
        key,
        at,
        ...decisionFields(d),
        latencyMs: 24,
        features: Object.fromEntries((features[d.bundleVersion ?? '41'] ?? []).map((name, n) => [name, (i + n) % 7])),
        error,
        ...(error ? { errorKind: 'http_5xx' as const } : {}),
      });
    }
    await this.client.flush();
    return tally;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Runs ride-pricing's release until its level-2 rollback waits for on call (healthy rounds, then a bad one). */
export async function breakRidePricing(f: Fixture, app: PricingApp): Promise<string> {
  const id = await releaseId(f, 'ride-pricing');
  await f.call('POST', `/v1/releases/${id}/start`);
  await f.tick();
  for (let round = 0; round < 2; round++) {
    await app.serve(8000, 0, round * 8000);
    await f.tick();
  }
  await app.serve(8000, 2, 20_000);
  await f.tick();
  return id;
}

/** On call approves the waiting rollback; healthy traffic and ticks until the restore is verified. */
export async function approveAndVerify(f: Fixture, app: PricingApp, id: string): Promise<void> {
  await f.call(
    'POST',
    `/v1/releases/${id}/approvals`,
    { verdict: 'grant', reason: 'on call' },
    { token: f.tokens.engineer },
  );
  for (let round = 0; round < 8; round++) {
    await app.serve(8000, 0, 40_000 + round * 8000);
    await f.tick(60_000);
    const { incidents } = await f.call('GET', '/v1/incidents');
    if (incidents[0]?.status !== 'verifying') return;
  }
}
