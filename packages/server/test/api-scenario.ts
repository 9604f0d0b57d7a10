/**
 * The table api-responses.test.ts runs (first these rows, then api-scenario-more.ts): every API
 * operation's success path, in an order that makes each possible (ride-pricing rolled back at
 * level 2 and at level 3 with its approval and job; support-summary judged offline, promoted, and
 * its tools turned off). A row is an API call (its operationId, path and body from what earlier
 * rows kept) or a step of the clock.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import type { TestApp } from './helpers.js';
import { exampleDocuments } from './helpers.js';

/** What rows keep for later rows: ids and tokens. */
export interface State {
  ids: Record<string, string>;
  tokens: Record<string, string>;
}

/** An API call, checked against the schema its operation declares for `status`. */
export interface CallRow {
  op: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: (s: State) => string;
  body?: (s: State) => unknown;
  /** A token kept in `State.tokens` (default: the admin token). */
  as?: string;
  /** Default: the operation's one 2xx status. */
  status?: number;
  /** An SSE operation: the first event it must send, with a schema for its data (default: the SDK's snapshot). */
  sse?: { event: string; schema: z.ZodType };
  /** Keeps ids or tokens from the body; may assert what the row is there for. */
  keep?: (body: any, s: State) => void;
}
/** Something that is not an API call: the clock moves, the state machine ticks. */
export interface ActRow {
  act: string;
  run: (t: TestApp, s: State) => Promise<void>;
}
/** One row of the table. */
export type Row = CallRow | ActRow;

const RP = '/v1/workflows/ride-pricing';
const RPP = `${RP}/environments/production`;
/** support-summary's path. */
export const SS = '/v1/workflows/support-summary';
const rp = exampleDocuments('ride-pricing', { includeReleases: true });
const ss = exampleDocuments('support-summary', { includeReleases: true });
/** ride-pricing's Release document (later rows apply copies under other names). */
export const rpRelease = rp.find((d) => d.kind === 'Release')!;
/** support-summary's Release document (a chaos row applies a copy from production). */
export const ssRelease = ss.find((d) => d.kind === 'Release')!;
const bundle42 = rp.find((d) => d.kind === 'Bundle' && d.version === '42')!;
const uniform = { edges: [10, 20, 30, 40, 50, 60, 70, 80, 90], proportions: Array.from({ length: 10 }, () => 0.1) };
/** The reason every change in the table gives. */
export const reason = { reason: 'api contract test' };
const q = `?reason=${encodeURIComponent('api contract test')}`;
/** Keeps the id of the release called `name` from a list of releases. */
export const releaseId = (name: string) => (body: any, s: State) => {
  s.ids[name] = body.releases.find((r: any) => r.name === name).id;
};
/** Fails the row unless the body's `field` is `value` (what the row is there for happened). */
export const expectStatus = (field: string, value: unknown) => (body: any) => {
  if (body[field] !== value) throw new Error(`expected ${field} ${String(value)}: ${JSON.stringify(body)}`);
};

const minutes = (n: number) => n * 60_000;
const event = (s: State, i: number) => ({
  type: 'outcome',
  id: `contract-${i}`,
  workflow: 'ride-pricing',
  environment: 'production',
  release: 'demand-gbm-42',
  arm: i % 2 ? 'candidate' : 'control',
  requestId: `req-${i}`,
  at: s.ids.now!,
  latencyMs: 40 + i,
  error: false,
});

const token = (subject: string, role = 'operator'): CallRow => ({
  op: 'createToken',
  method: 'POST',
  path: () => '/v1/tokens',
  body: () => ({ subject, role }),
  keep: (b, s) => {
    s.tokens[subject] = b.token;
    s.ids[`token:${subject}`] = b.record.id;
  },
});

/** The registry, tokens, flags and ride-pricing's first release up to its reviewed incident, in order. */
export const firstRows: Row[] = [
  { op: 'applyDocuments', method: 'POST', path: () => '/v1/apply', body: () => ({ documents: [...rp, ...ss] }) },
  { op: 'listWorkflows', method: 'GET', path: () => '/v1/workflows' },
  { op: 'getWorkflow', method: 'GET', path: () => RP },
  { op: 'applyWorkflow', method: 'PUT', path: () => RP, body: () => rp[0] },
  { op: 'listBundles', method: 'GET', path: () => `${RP}/bundles` },
  { op: 'registerBundle', method: 'POST', path: () => `${RP}/bundles`, body: () => ({ ...bundle42, version: '43' }) },
  { op: 'getBundle', method: 'GET', path: () => `${RP}/bundles/41` },
  { op: 'diffBundles', method: 'GET', path: () => `${RP}/diff?from=41&to=42` },
  { op: 'getBundleRetention', method: 'GET', path: () => `${RP}/bundles/43/retention` },
  { op: 'archiveBundle', method: 'POST', path: () => `${RP}/bundles/43/archive` },
  { op: 'unarchiveBundle', method: 'POST', path: () => `${RP}/bundles/43/unarchive` },
  { op: 'deleteBundle', method: 'DELETE', path: () => `${RP}/bundles/43` },
  { op: 'setLabel', method: 'PUT', path: () => `${RPP}/labels/production`, body: () => ({ version: '41', ...reason }) },
  {
    op: 'setLabel',
    method: 'PUT',
    path: () => `${SS}/environments/production/labels/production`,
    body: () => ({ version: '2026-04-10.1', ...reason }),
  },
  { op: 'listLabels', method: 'GET', path: () => `${RP}/labels` },
  { op: 'listLabelHistory', method: 'GET', path: () => `${RP}/label-history` },
  { op: 'getWhoami', method: 'GET', path: () => '/v1/whoami' },
  token('team-pricing'),
  token('lead-pricing'),
  token('lead-data-eng'),
  token('team-support-ai'),
  token('throwaway', 'viewer'),
  { op: 'listTokens', method: 'GET', path: () => '/v1/tokens' },
  { op: 'revokeToken', method: 'DELETE', path: (s) => `/v1/tokens/${s.ids['token:throwaway']}` },
  {
    op: 'setSegment',
    method: 'PUT',
    path: () => `${RPP}/segments/staff`,
    body: () => ({ conditions: [{ attribute: 'staff', op: 'eq', value: true }], ...reason }),
  },
  { op: 'setFlag', method: 'PUT', path: () => `${RPP}/flags/demo.colour`, body: () => ({ value: 'blue', ...reason }) },
  {
    op: 'createToken',
    method: 'POST',
    path: () => '/v1/tokens',
    body: () => ({ subject: 'ofrep-app', role: 'sdk', scope: { environment: 'production' } }),
    keep: (b, s) => void (s.tokens['ofrep-app'] = b.token),
  },
  ...(['/ofrep/v1/evaluate/flags/ride-pricing%2Fdemo.colour', '/ofrep/v1/evaluate/flags/ride-pricing/demo.colour'].map(
    (path, i): CallRow => ({
      op: i === 0 ? 'ofrepEvaluateFlag' : 'ofrepEvaluateWorkflowFlag',
      method: 'POST',
      path: () => path,
      body: () => ({ context: { targetingKey: 'user-1' } }),
      as: 'ofrep-app',
      keep: (b) => void expect(b).toMatchObject({ key: 'ride-pricing/demo.colour', value: 'blue' }),
    }),
  ) satisfies CallRow[]),
  {
    op: 'ofrepEvaluateFlagsBulk',
    method: 'POST',
    path: () => '/ofrep/v1/evaluate/flags',
    body: () => ({ context: { targetingKey: 'user-1', workflow: 'ride-pricing' } }),
    as: 'ofrep-app',
  },
  { op: 'getWorkflowConfig', method: 'GET', path: () => `${RPP}/config` },
  {
    op: 'setSplit',
    method: 'PUT',
    path: () => `${RPP}/split`,
    body: () => ({ release: 'manual-split', candidate: '42', percent: 1, eligibleSegment: 'staff', ...reason }),
  },
  { op: 'clearSplit', method: 'DELETE', path: () => `${RPP}/split${q}` },
  { op: 'deleteFlag', method: 'DELETE', path: () => `${RPP}/flags/demo.colour${q}` },
  { op: 'deleteSegment', method: 'DELETE', path: () => `${RPP}/segments/staff${q}` },
  { op: 'listConfigRevisions', method: 'GET', path: () => `${RPP}/config/history` },
  { op: 'getSdkConfig', method: 'GET', path: () => '/v1/sdk/config?environment=production' },
  { op: 'streamSdkConfig', method: 'GET', path: () => '/v1/sdk/stream?environment=production' },
  {
    op: 'streamChanges',
    method: 'GET',
    path: () => '/v1/changes/stream',
    sse: { event: 'ready', schema: z.strictObject({ subject: z.string() }) },
  },
  {
    op: 'listReleases',
    method: 'GET',
    path: () => '/v1/releases',
    keep: (b, s) => {
      releaseId('demand-gbm-42')(b, s);
      releaseId('sonnet-5-tier')(b, s);
    },
  },
  {
    op: 'declareReferences',
    method: 'PUT',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/references`,
    body: () => ({ distributions: { zone_demand_10m: uniform, rain_mm: uniform } }),
  },
  { op: 'getReleaseReadiness', method: 'GET', path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/readiness` },
  { op: 'getWorkflowReadiness', method: 'GET', path: () => `${RPP}/readiness` },
  {
    op: 'startRelease',
    method: 'POST',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/start`,
    keep: expectStatus('started', true),
  },
  {
    act: 'a minute passes',
    run: (t, s) => {
      t.clock.advance(minutes(1));
      s.ids.now = t.clock.now().toISOString();
      return Promise.resolve();
    },
  },
  {
    op: 'ingestEvents',
    method: 'POST',
    path: () => '/v1/events',
    body: (s) => Array.from({ length: 6 }, (_, i) => event(s, i)),
  },
  { op: 'getReleaseGates', method: 'GET', path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/gates` },
  {
    op: 'overrideGate',
    method: 'POST',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/gates/conversion-drop/override`,
    body: () => ({ force: 'pass', ...reason }),
  },
  {
    op: 'pauseRelease',
    method: 'POST',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/pause`,
    body: () => reason,
  },
  {
    op: 'resumeRelease',
    method: 'POST',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/resume`,
    body: () => reason,
  },
  { op: 'planRollback', method: 'GET', path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/rollback-plan` },
  {
    op: 'checkRollbackAuthority',
    method: 'GET',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/rollback-authority?level=2`,
  },
  { op: 'getGateHistory', method: 'GET', path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/gates/history` },
  {
    op: 'rollbackDryRun',
    method: 'GET',
    path: (s) => `/v1/rollbacks/dry-run?release=${s.ids['demand-gbm-42']}&level=2`,
  },
  {
    op: 'rollBackRelease',
    method: 'POST',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/rollback`,
    body: () => ({ level: 2, ...reason }),
    as: 'team-pricing',
    keep: (b, s) => {
      expectStatus('status', 'executed')(b);
      s.ids.run = b.runId;
    },
  },
  {
    op: 'acknowledgeRollback',
    method: 'POST',
    path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}/acknowledge`,
    as: 'lead-pricing',
  },
  { op: 'listRollbackRuns', method: 'GET', path: (s) => `/v1/rollbacks?release=${s.ids['demand-gbm-42']}` },
  { op: 'getRollbackRun', method: 'GET', path: (s) => `/v1/rollbacks/${s.ids.run}` },
  {
    act: 'the restore is verified over its window',
    run: async (t) => {
      t.clock.advance(minutes(6));
      await t.services.machine.tick();
    },
  },
  {
    op: 'listIncidents',
    method: 'GET',
    path: () => '/v1/incidents',
    keep: (b, s) => (s.ids.incident = b.incidents[0].id),
  },
  { op: 'getIncident', method: 'GET', path: (s) => `/v1/incidents/${s.ids.incident}` },
  {
    op: 'getIncidentCustomerMessage',
    method: 'GET',
    path: (s) => `/v1/incidents/${s.ids.incident}/customer-message`,
    keep: (b) => expect(b.suggestion.why).toMatch(/blast radius/),
  },
  {
    op: 'recordIncidentCustomerMessage',
    method: 'PUT',
    path: (s) => `/v1/incidents/${s.ids.incident}/customer-message`,
    body: () => ({ text: 'Prices were briefly off; fixed now.', state: 'sent', template: 'known-issue', ...reason }),
    keep: (b) => expect(b.current).toMatchObject({ version: 1, state: 'sent' }),
  },
  {
    op: 'reviewIncident',
    method: 'POST',
    path: (s) => `/v1/incidents/${s.ids.incident}/review`,
    body: () => ({ rootCause: 'fp-13 features', remediation: 'restored 41', prevention: 'pair model and pipeline' }),
  },
  { op: 'getRelease', method: 'GET', path: (s) => `/v1/releases/${s.ids['demand-gbm-42']}` },
];
