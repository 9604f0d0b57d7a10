/**
 * What the OpenFeature conformance steps run against: the real server with the suites' test flags
 * (gherkin/test-flags.json, translated to ripcord definitions), and providers in every status the
 * suites name — stable (READY), not ready, error, fatal and stale — each made by the real condition
 * (a server that never answers, a refused token, a boot from the cache file with the server down).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  OpenFeature,
  ProviderStatus,
  type Client,
  type EvaluationContext,
  type EvaluationDetails,
  type FlagValue,
} from '@openfeature/server-sdk';
import type { FlagDefinition, Segment } from '@ripcord/protocol';
import { RipcordProvider } from '../../src/openfeature/index.js';
import { writeCacheFile } from '../../src/sync/cache-file.js';
import { validateSnapshot, type ClientOptions } from '../../src/index.js';
import { workflowPath, type RealServer } from '../../../server/test/real-server.js';

/** The suites' flag data (open-feature/spec test-flags.json). */
interface SpecFlag {
  variants: Record<string, FlagValue>;
  defaultVariant?: string | null;
  disabled?: boolean;
  flagMetadata?: Record<string, string | number | boolean> | null;
  contextEvaluator?: string;
}

/**
 * The two CEL expressions of test-flags.json as ripcord segments (ripcord targets with segments of
 * conditions, not CEL), plus the deprecated suite's `context-aware` flag (flagd's testbed data).
 */
const SEGMENTS: Record<string, Segment> = {
  ballmer: { conditions: [{ attribute: 'email', op: 'eq', value: 'ballmer@macrosoft.com' }] },
  internal: {
    conditions: [
      { attribute: 'customer', op: 'eq', value: false },
      { attribute: 'email', op: 'eq', value: 'ballmer@macrosoft.com' },
      { attribute: 'age', op: 'gt', value: 10 },
    ],
  },
  'context-aware': {
    conditions: [
      { attribute: 'fn', op: 'eq', value: 'Sulisław' },
      { attribute: 'ln', op: 'eq', value: 'Świętopełk' },
      { attribute: 'age', op: 'eq', value: 29 },
      { attribute: 'customer', op: 'eq', value: false },
    ],
  },
};
const CEL_RULES: Record<string, FlagDefinition['rules']> = {
  "email == 'ballmer@macrosoft.com' ? 'zero' : ''": [{ segment: 'ballmer', variant: 'zero' }],
  "!customer && email == 'ballmer@macrosoft.com' && age > 10 ? 'internal' : ''": [
    { segment: 'internal', variant: 'internal' },
  ],
};

function typeOf(values: FlagValue[]): FlagDefinition['type'] {
  const t = typeof values[0];
  return t === 'boolean' || t === 'string' || t === 'number' ? t : 'json';
}

/** test-flags.json as ripcord flag definitions. */
export function conformanceFlags(): Record<string, FlagDefinition> {
  const file = path.join(import.meta.dirname, 'gherkin/test-flags.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, SpecFlag>;
  const flags: Record<string, FlagDefinition> = {};
  for (const [key, f] of Object.entries(spec)) {
    const def: FlagDefinition = { type: typeOf(Object.values(f.variants)), variants: f.variants };
    if (typeof f.defaultVariant === 'string') def.defaultVariant = f.defaultVariant;
    if (f.disabled === true) def.disabled = true;
    if (f.flagMetadata) def.metadata = f.flagMetadata;
    if (f.contextEvaluator !== undefined) {
      const rules = CEL_RULES[f.contextEvaluator];
      if (rules === undefined) throw new Error(`no translation of ${f.contextEvaluator}`);
      def.rules = rules;
    }
    flags[key] = def;
  }
  flags['context-aware'] = {
    type: 'string',
    variants: { internal: 'INTERNAL', external: 'EXTERNAL' },
    defaultVariant: 'external',
    rules: [{ segment: 'context-aware', variant: 'internal' }],
  };
  return flags;
}

/** Puts the segments and flags on support-summary/production. */
export async function defineConformanceFlags(server: RealServer): Promise<void> {
  const put = async (p: string, body: unknown) => {
    const r = await server.call('PUT', `${workflowPath}${p}`, body);
    if (r.status !== 200) throw new Error(`${p}: ${JSON.stringify(r.body)}`);
  };
  for (const [name, segment] of Object.entries(SEGMENTS))
    await put(`/segments/${name}`, { ...segment, reason: 'suite' });
  for (const [key, definition] of Object.entries(conformanceFlags()))
    await put(`/flags/${key}`, { definition, reason: 'OpenFeature suites' });
}

/** Servers and files the provider statuses need. */
export interface Fixtures {
  server: RealServer;
  token: string;
  /** Accepts connections and never answers. */
  silentUrl: string;
  /** Nothing listens there. */
  closedUrl: string;
  cacheFile: string;
  close(): Promise<void>;
}

/** Starts the silent server, finds a closed port and writes a cache file from the real server's snapshot. */
export async function startFixtures(server: RealServer): Promise<Fixtures> {
  const token = await server.token();
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const res = await fetch(`${server.url}/v1/sdk/config?environment=production&workflows=support-summary`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const valid = validateSnapshot(await res.json());
  if (!valid.ok) throw new Error('the server published an invalid snapshot');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-of-suite-'));
  const cacheFile = path.join(dir, 'snapshot.json');
  await writeCacheFile(cacheFile, valid.snapshot, new Date());
  return {
    server,
    token,
    silentUrl: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
    closedUrl: `http://127.0.0.1:${closedPort}`,
    cacheFile,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A hook call as the suites inspect it. */
export interface HookCall {
  stage: 'before' | 'after' | 'error' | 'finally';
  hook: string;
  details?: EvaluationDetails<FlagValue>;
}

/** One scenario's state. */
export interface World {
  fixtures: Fixtures;
  client: Client;
  flag: { key: string; type: string; fallback: FlagValue };
  context: EvaluationContext;
  original: EvaluationContext | undefined;
  details: EvaluationDetails<FlagValue> | undefined;
  value: FlagValue | undefined;
  pending: Promise<EvaluationDetails<FlagValue>> | undefined;
  calls: HookCall[];
  optionHooks: boolean;
}

let domains = 0;
const fast: Partial<ClientOptions> = { reconnectBaseMs: 20, reconnectMaxMs: 200, pollIntervalMs: 200 };

/** A provider in the named status on a fresh OpenFeature domain; the world's client uses it. */
export async function useProvider(world: World, status: string): Promise<void> {
  const f = world.fixtures;
  const base: ClientOptions = {
    server: f.server.url,
    token: f.token,
    environment: 'production',
    workflows: ['support-summary'],
    ...fast,
  };
  const options: Record<string, Partial<ClientOptions>> = {
    stable: {},
    'not ready': { server: f.silentUrl, readyTimeoutMs: 60_000, connectTimeoutMs: 60_000 },
    error: { server: f.silentUrl, readyTimeoutMs: 150, connectTimeoutMs: 60_000 },
    fatal: { token: 'not-an-sdk-token' },
    stale: { server: f.closedUrl, cacheFile: f.cacheFile, cacheFallbackMs: 20 },
  };
  const extra = options[status];
  if (extra === undefined) throw new Error(`unknown provider status "${status}"`);
  const provider = new RipcordProvider({ clientOptions: { ...base, ...extra }, workflow: 'support-summary' });
  const domain = `conformance-${++domains}`;
  if (status === 'not ready') OpenFeature.setProvider(domain, provider);
  // An error or fatal provider's initialisation rejects: that is the status under test.
  else await OpenFeature.setProviderAndWait(domain, provider).catch(() => undefined);
  world.client = OpenFeature.getClient(domain);
  if (status === 'stale') await until(() => world.client.providerStatus === ProviderStatus.STALE, 'STALE');
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
