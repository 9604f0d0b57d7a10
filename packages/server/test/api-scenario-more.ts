/**
 * The rest of the table api-responses.test.ts runs, after api-scenario.ts: support-summary judged
 * offline and promoted, ride-pricing's level-3 rollback with its approval and job, the audit log.
 */
import { expect } from 'vitest';
import { expectStatus, reason, releaseId, rpRelease, SS, ssRelease, type Row, type State } from './api-scenario.js';

/** support-summary: offline evidence that fails (a decision with its judgement), resumed, promoted by hand. */
function supportSummaryRows(): Row[] {
  const at = (s: State, action: string) => `/v1/releases/${s.ids['sonnet-5-tier']}/${action}`;
  return [
    { op: 'startRelease', method: 'POST', path: (s) => at(s, 'start'), keep: expectStatus('started', true) },
    {
      op: 'recordOfflineEvidence',
      method: 'POST',
      path: (s) => at(s, 'offline-evidence'),
      body: () => ({ tasks: 1000, passed: 0, dataset: 'sha256:41d07c3be912' }),
      keep: expectStatus('status', 'paused'),
    },
    { op: 'resumeRelease', method: 'POST', path: (s) => at(s, 'resume'), body: () => reason },
    { op: 'promoteRelease', method: 'POST', path: (s) => at(s, 'promote'), body: () => reason },
    { op: 'getRelease', method: 'GET', path: (s) => `/v1/releases/${s.ids['sonnet-5-tier']}` },
    { op: 'getWorkflowReadiness', method: 'GET', path: () => `${SS}/environments/production/readiness` },
    {
      op: 'runOperation',
      method: 'POST',
      path: () => `${SS}/environments/production/operations/disable-tools`,
      body: () => reason,
      as: 'team-support-ai',
    },
    ...drillRows(),
  ];
}

/** A level-1 rollback drill of support-summary (production 2026-05-02.1, back to 2026-04-10.1) for its staff segment. */
function drillRows(): Row[] {
  const staff = { conditions: [{ attribute: 'staff', op: 'eq', value: true }], ...reason };
  return [
    { op: 'setSegment', method: 'PUT', path: () => `${SS}/environments/production/segments/staff`, body: () => staff },
    {
      op: 'runDrill',
      method: 'POST',
      path: () => `${SS}/environments/production/drills`,
      body: () => ({ level: 1, ...reason }),
      as: 'team-support-ai',
      keep: (b, s) => {
        expectStatus('status', 'passed')(b);
        s.ids['drill'] = b.id;
      },
    },
    { op: 'listDrills', method: 'GET', path: () => '/v1/drills?workflow=support-summary' },
    { op: 'getDrill', method: 'GET', path: (s) => `/v1/drills/${s.ids['drill']}` },
    ...chaosRows(),
    { op: 'getEffectivenessReport', method: 'GET', path: () => '/v1/report?since=30d' },
    { op: 'getRunbook', method: 'GET', path: () => `${SS}/environments/production/runbook?format=md` },
    {
      op: 'registerBatchOutput',
      method: 'POST',
      path: () => `${SS}/batch-outputs`,
      body: () => ({
        bundleVersion: '2026-05-02.1',
        batchKey: 'weekly-digest',
        batchId: 'run-1',
        inputHash: 'sha256:in',
        location: 's3://digests/run-1.jsonl',
        outputHash: 'sha256:out',
        startedAt: '2026-05-02T01:00:00Z',
        finishedAt: '2026-05-02T01:30:00Z',
      }),
    },
    { op: 'listBatchOutputs', method: 'GET', path: () => `${SS}/batch-outputs?version=2026-05-02.1` },
    {
      op: 'invalidateBatchOutputs',
      method: 'POST',
      path: () => `${SS}/batch-outputs/invalidate`,
      body: () => ({ version: '2026-05-02.1', ...reason }),
    },
  ];
}

/**
 * A chaos run of support-summary: a ticket from production (2026-05-02.1) back to 2026-04-10.1,
 * whose candidate gets the bad-model fault for the staff segment only.
 */
function chaosRows(): Row[] {
  const ticket = { ...ssRelease, name: 'chaos-ticket', control: '2026-05-02.1', candidate: '2026-04-10.1' };
  return [
    { op: 'applyDocuments', method: 'POST', path: () => '/v1/apply', body: () => ({ documents: [ticket] }) },
    {
      op: 'runChaos',
      method: 'POST',
      path: () => `${SS}/environments/production/chaos`,
      body: () => ({ fault: 'bad-model', ticket: 'chaos-ticket', ...reason }),
      as: 'team-support-ai',
      keep: (b, s) => {
        expectStatus('status', 'passed')(b);
        s.ids['chaos'] = b.id;
      },
    },
    { op: 'listChaosRuns', method: 'GET', path: () => '/v1/chaos?workflow=support-summary' },
    { op: 'getChaosRun', method: 'GET', path: (s) => `/v1/chaos/${s.ids['chaos']}` },
  ];
}

/** ride-pricing again: a level-3 rollback waits for the data engineering lead, then for its job. */
function approvalRows(): Row[] {
  const second = { ...rpRelease, name: 'demand-gbm-42-b' };
  const third = { ...rpRelease, name: 'demand-gbm-42-c' };
  const at = (s: State, action: string) => `/v1/releases/${s.ids['demand-gbm-42-b']}/${action}`;
  return [
    {
      op: 'applyDocuments',
      method: 'POST',
      path: () => '/v1/apply?dryRun=true',
      body: () => ({ documents: [second] }),
      // A dry run says what would happen and stores nothing: the next row still creates it.
      keep: (b) =>
        expect(b.results).toEqual([{ index: 0, kind: 'Release', name: expect.any(String), outcome: 'created' }]),
    },
    { op: 'applyDocuments', method: 'POST', path: () => '/v1/apply', body: () => ({ documents: [second, third] }) },
    {
      op: 'listReleases',
      method: 'GET',
      path: () => '/v1/releases?workflow=ride-pricing&active=true',
      keep: (b, s) => {
        releaseId('demand-gbm-42-b')(b, s);
        releaseId('demand-gbm-42-c')(b, s);
      },
    },
    {
      op: 'abortRelease',
      method: 'POST',
      path: (s) => `/v1/releases/${s.ids['demand-gbm-42-c']}/abort`,
      body: () => reason,
    },
    { op: 'startRelease', method: 'POST', path: (s) => at(s, 'start'), keep: expectStatus('started', true) },
    {
      op: 'rollBackRelease',
      method: 'POST',
      path: (s) => at(s, 'rollback'),
      body: () => ({ level: 3, ...reason }),
      as: 'team-pricing',
      keep: expectStatus('status', 'awaiting-approval'),
    },
    {
      op: 'answerApproval',
      method: 'POST',
      path: (s) => at(s, 'approvals'),
      body: () => ({ verdict: 'grant', ...reason }),
      as: 'lead-data-eng',
      keep: (b, s) => {
        expectStatus('runStatus', 'running')(b);
        s.ids.jobRun = b.runId;
      },
    },
    {
      op: 'getRollbackRun',
      method: 'GET',
      path: (s) => `/v1/rollbacks/${s.ids.jobRun}`,
      keep: (b, s) => (s.ids.jobStep = String(b.run.steps.find((x: any) => x.kind === 'job').index)),
    },
    {
      op: 'reportRollbackJob',
      method: 'POST',
      path: (s) => `/v1/rollbacks/${s.ids.jobRun}/jobs/${s.ids.jobStep}`,
      body: () => ({ status: 'succeeded', progress: 1, message: 'features recomputed' }),
      as: 'team-pricing',
    },
  ];
}

/** Alerts in (R4.5): an alerts token sends one Alertmanager notification and one generic alert; they are listed. */
function alertRows(): Row[] {
  const labels = { alertname: 'HighErrorRate', ripcord_workflow: 'ride-pricing', severity: 'critical' };
  return [
    {
      op: 'createToken',
      method: 'POST',
      path: () => '/v1/tokens',
      body: () => ({ subject: 'alertmanager', role: 'alerts' }),
      keep: (b, s) => void (s.tokens.alertmanager = b.token),
    },
    {
      op: 'receiveAlertmanagerAlerts',
      method: 'POST',
      path: () => '/v1/alerts/alertmanager',
      as: 'alertmanager',
      body: () => ({
        version: '4',
        groupKey: '{}:{alertname="HighErrorRate"}',
        status: 'firing',
        receiver: 'ripcord',
        alerts: [{ status: 'firing', labels, startsAt: '2026-05-02T09:00:00Z' }],
      }),
    },
    {
      op: 'receiveWebhookAlerts',
      method: 'POST',
      path: () => '/v1/alerts/webhook',
      as: 'alertmanager',
      body: () => ({ source: 'grafana', alerts: [{ name: 'SlowAnswers', status: 'firing', labels }] }),
    },
    { op: 'listAlerts', method: 'GET', path: () => '/v1/alerts?outcome=unmatched' },
    { op: 'getMetrics', method: 'GET', path: () => '/metrics' },
  ];
}

/** The rows after api-scenario.ts's, in order. */
export const moreRows: Row[] = [
  ...supportSummaryRows(),
  ...approvalRows(),
  ...alertRows(),
  { op: 'listAuditEntries', method: 'GET', path: () => '/v1/audit' },
  { op: 'verifyAuditChain', method: 'GET', path: () => '/v1/audit/verify', keep: expectStatus('ok', true) },
];
