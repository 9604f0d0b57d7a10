/**
 * The authorization matrix (issue 14), generated from the OpenAPI document: every operation has a
 * decision below (the role it needs, and how a workflow scope applies), and a new route without
 * one fails this test. The success-path table of api-scenario*.ts is replayed; before each call,
 * every role the decision does not allow gets 403, and a token scoped to another workflow gets
 * 403/404 on workflow-bound operations and sees neither workflow on filtered lists.
 */
import { describe, expect, it } from 'vitest';
import { roleAllows } from '../src/features/auth/principal.js';
import type { Role } from '../src/features/auth/token-store.js';
import { firstRows, type CallRow, type State } from './api-scenario.js';
import { moreRows } from './api-scenario-more.js';
import { adminToken, createTestApp, type TestApp } from './helpers.js';

/**
 * `bound`: acts on one workflow's objects (403/404 out of scope); `filtered`: a list (or the change
 * stream, test/dashboard-api.test.ts) filtered by scope; `unscoped`: about every workflow at once,
 * so any scoped token gets 403 (the audit chain's verification).
 */
type ScopeRule = 'bound' | 'filtered' | 'unscoped' | 'none';
/** `any`: every valid token; `sdk-or-operator`: SDK tokens and operators (events). */
type Needed = Role | 'any' | 'public' | 'sdk-or-operator';

const decisions: Record<string, [Needed, ScopeRule]> = {
  getOpenApi: ['public', 'none'],
  listWorkflows: ['viewer', 'filtered'],
  getWorkflow: ['viewer', 'bound'],
  applyWorkflow: ['operator', 'bound'],
  listBundles: ['viewer', 'bound'],
  registerBundle: ['operator', 'bound'],
  getBundle: ['viewer', 'bound'],
  deleteBundle: ['admin', 'bound'],
  getBundleRetention: ['viewer', 'bound'],
  archiveBundle: ['operator', 'bound'],
  unarchiveBundle: ['operator', 'bound'],
  diffBundles: ['viewer', 'bound'],
  listLabels: ['viewer', 'bound'],
  setLabel: ['operator', 'bound'],
  listLabelHistory: ['viewer', 'bound'],
  applyDocuments: ['operator', 'bound'],
  getWhoami: ['any', 'none'],
  listTokens: ['admin', 'filtered'],
  createToken: ['admin', 'none'],
  revokeToken: ['admin', 'bound'],
  listAuditEntries: ['viewer', 'filtered'],
  verifyAuditChain: ['viewer', 'unscoped'],
  getWorkflowConfig: ['viewer', 'bound'],
  listConfigRevisions: ['viewer', 'bound'],
  setFlag: ['operator', 'bound'],
  deleteFlag: ['operator', 'bound'],
  setSegment: ['operator', 'bound'],
  deleteSegment: ['operator', 'bound'],
  setSplit: ['operator', 'bound'],
  clearSplit: ['operator', 'bound'],
  getSdkConfig: ['sdk', 'none'],
  streamSdkConfig: ['sdk', 'none'],
  listReleases: ['viewer', 'filtered'],
  getRelease: ['viewer', 'bound'],
  getReleaseReadiness: ['viewer', 'bound'],
  getWorkflowReadiness: ['viewer', 'bound'],
  startRelease: ['operator', 'bound'],
  pauseRelease: ['operator', 'bound'],
  resumeRelease: ['operator', 'bound'],
  abortRelease: ['operator', 'bound'],
  promoteRelease: ['operator', 'bound'],
  recordOfflineEvidence: ['operator', 'bound'],
  acknowledgeRollback: ['operator', 'bound'],
  planRollback: ['viewer', 'bound'],
  rollBackRelease: ['operator', 'bound'],
  answerApproval: ['operator', 'bound'],
  declareReferences: ['operator', 'bound'],
  listIncidents: ['viewer', 'filtered'],
  getIncident: ['viewer', 'bound'],
  reviewIncident: ['operator', 'bound'],
  getIncidentCustomerMessage: ['viewer', 'bound'],
  recordIncidentCustomerMessage: ['operator', 'bound'],
  listRollbackRuns: ['viewer', 'bound'],
  rollbackDryRun: ['viewer', 'bound'],
  getRollbackRun: ['viewer', 'bound'],
  reportRollbackJob: ['jobs', 'bound'],
  runOperation: ['operator', 'bound'],
  ingestEvents: ['sdk-or-operator', 'none'],
  getReleaseGates: ['viewer', 'bound'],
  overrideGate: ['operator', 'bound'],
  checkRollbackAuthority: ['viewer', 'bound'],
  getGateHistory: ['viewer', 'bound'],
  streamChanges: ['viewer', 'filtered'],
  receiveAlertmanagerAlerts: ['alerts', 'none'],
  receiveWebhookAlerts: ['alerts', 'none'],
  listAlerts: ['viewer', 'filtered'],
  getMetrics: ['any', 'none'],
  ofrepEvaluateFlag: ['sdk', 'none'],
  ofrepEvaluateWorkflowFlag: ['sdk', 'none'],
  ofrepEvaluateFlagsBulk: ['sdk', 'none'],
  runDrill: ['operator', 'bound'],
  listDrills: ['viewer', 'filtered'],
  getDrill: ['viewer', 'bound'],
  runChaos: ['operator', 'bound'],
  listChaosRuns: ['viewer', 'filtered'],
  getChaosRun: ['viewer', 'bound'],
  getEffectivenessReport: ['viewer', 'bound'],
  getRunbook: ['viewer', 'bound'],
  registerBatchOutput: ['operator', 'bound'],
  listBatchOutputs: ['viewer', 'bound'],
  invalidateBatchOutputs: ['operator', 'bound'],
};

const probeRoles: Role[] = ['admin', 'operator', 'viewer', 'sdk', 'alerts', 'jobs'];

function allows(role: Role, needed: Needed): boolean {
  if (needed === 'public' || needed === 'any') return true;
  if (needed === 'sdk-or-operator') return role === 'sdk' || roleAllows(role, 'operator');
  return roleAllows(role, needed);
}

async function call(t: TestApp, row: CallRow, s: State, token: string) {
  const body = row.body?.(s);
  const res = await t.app.request(row.path(s), {
    method: row.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = res.headers.get('content-type')?.includes('event-stream') ? '' : await res.text();
  if (text === '') await res.body?.cancel();
  return { status: res.status, text };
}

describe('authorization matrix (every operation × role × scope)', () => {
  it('has a decision for every operation of the OpenAPI document, and each holds', async () => {
    const t = await createTestApp('pglite');
    try {
      const doc = (await (await t.app.request('/v1/openapi.json')).json()) as {
        paths: Record<string, Record<string, { operationId?: string }>>;
      };
      const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId ?? '?'));
      expect(ops.filter((op) => decisions[op] === undefined).sort(), 'operations without a decision').toEqual([]);

      const tokens: Partial<Record<Role, string>> = {};
      const make = async (role: Role, scope?: unknown) =>
        (await t.call('POST', '/v1/tokens', { subject: `matrix-${role}`, role, ...(scope ? { scope } : {}) })).body
          .token as string;
      for (const role of probeRoles)
        tokens[role] =
          role === 'admin' ? adminToken : await make(role, role === 'sdk' ? { environment: 'production' } : undefined);
      const elsewhere = await make('admin', { workflows: ['nowhere'] });

      const state: State = { ids: {}, tokens: {} };
      for (const row of [...firstRows, ...moreRows]) {
        if ('act' in row) {
          await row.run(t, state);
          continue;
        }
        const [needed, rule] = decisions[row.op] ?? ['admin', 'none'];
        if (needed !== 'public' && row.as === undefined) {
          for (const role of probeRoles) {
            if (allows(role, needed)) continue;
            const res = await call(t, row, state, tokens[role]!);
            expect(res.status, `${row.op} as ${role}: ${res.text}`).toBe(403);
          }
          if (rule === 'bound' && allows('admin', needed)) {
            const res = await call(t, row, state, elsewhere);
            expect([403, 404], `${row.op} scoped elsewhere: ${res.text}`).toContain(res.status);
          }
          if (rule === 'unscoped') {
            const res = await call(t, row, state, elsewhere);
            expect(res.status, `${row.op} scoped elsewhere: ${res.text}`).toBe(403);
            expect(res.text).toMatch(/scoped/);
          }
          if (rule === 'filtered' && row.method === 'GET') {
            const res = await call(t, row, state, elsewhere);
            // 403 when the row asks for a workflow by name (e.g. ?workflow=…); else a filtered list.
            expect([200, 403], `${row.op} scoped elsewhere`).toContain(res.status);
            if (res.status === 200)
              expect(res.text, `${row.op} scoped elsewhere shows no other workflow`).not.toMatch(
                /ride-pricing|support-summary/,
              );
          }
        }
        const token = row.as === undefined ? adminToken : state.tokens[row.as]!;
        const done = await call(t, row, state, token);
        expect(done.status, `${row.op}: ${done.text}`).toBeLessThan(300);
        if (row.keep && done.text) row.keep(JSON.parse(done.text), state);
      }
    } finally {
      await t.close();
    }
  }, 120_000);
});
