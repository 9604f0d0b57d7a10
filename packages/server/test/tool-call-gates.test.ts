/**
 * Tool calls are a signal (issue 13 part 3), end to end on the real server: the SDK reports each
 * request's tool calls (with `blocked` / `unsafe` and side effects), ingest feeds the tool-call
 * gates, the tick decides, and the rollback it runs is the smallest one: the tools off
 * (`ai.tools.enabled=false`, or the tool's own flag), not the release's model restore.
 */
import { createClient, decisionFields, type RipcordClient } from '@ripcord/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleDocuments } from './helpers.js';
import { startRealServer, type RealServer } from './real-server.js';

let server: RealServer;
let client: RipcordClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.stop();
});

function release(gate: Record<string, unknown>) {
  return {
    kind: 'Release',
    workflow: 'support-summary',
    environment: 'production',
    name: 'tool-gates',
    control: '2026-04-10.1',
    candidate: '2026-05-02.1',
    plan: [{ canary: { percent: 50, bake: '60m' } }, { promote: {} }],
    gates: [gate],
    firstRollback: { restore: ['modelRoute', 'prompt'] },
    automatic: ['level1', 'flags'],
    evidence: ['traceIds', 'toolCalls'],
    authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
  };
}

async function started(gate: Record<string, unknown>): Promise<string> {
  server = await startRealServer();
  const applied = await server.call('POST', '/v1/apply', {
    documents: [...exampleDocuments('support-summary'), release(gate)],
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  const id = (await server.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
    (r: { name: string }) => r.name === 'tool-gates',
  ).id as string;
  expect((await server.call('POST', `/v1/releases/${id}/start`)).body.started).toBe(true);
  client = createClient({
    server: server.url,
    token: await server.token(),
    environment: 'production',
    workflows: ['support-summary'],
    streaming: false,
  });
  await client.ready();
  return id;
}

/** 600 requests; every `every`-th candidate request makes a refund call with `call`'s fields. */
async function serve(every: number, call: Record<string, unknown>, controlEvery = 0): Promise<void> {
  const seen = { control: 0, candidate: 0 };
  for (let i = 0; i < 600; i++) {
    const d = client!.route('support-summary', { key: `user-${i}` });
    const k = (seen[d.arm] += 1);
    const n = d.arm === 'candidate' ? every : controlEvery;
    const refund = n > 0 && k % n === 0;
    client!.report({
      type: 'outcome',
      workflow: 'support-summary',
      requestId: `req-${i}`,
      ...decisionFields(d),
      toolCalls: [
        { name: 'lookup_order', sideEffects: 'read', ok: true },
        ...(refund ? [{ name: 'issue_refund', sideEffects: 'write' as const, ok: true, ...call }] : []),
      ],
    });
  }
  await client!.flush();
}

async function executedSteps(id: string) {
  const executed = (await server.call('GET', `/v1/releases/${id}`)).body.timeline.find(
    (e: { kind: string }) => e.kind === 'rollback.executed',
  );
  return executed.details as { level: string; steps: string[] };
}

describe('tool-call gates (issue 13 part 3)', () => {
  it('an unsafe tool-call breach turns the tools off as the smallest rollback', async () => {
    const id = await started({
      name: 'unsafe-refunds',
      metric: 'unsafe_tool_call_rate',
      tool: 'issue_refund',
      candidate: { above: '2%' },
      within: 'release',
      severity: 'immediate',
      test: 'literal',
    });
    await serve(10, { blocked: true });
    const [tick] = await server.services.machine.tick();
    // A flag-only rollback leaves the candidate's traffic where it is: the release pauses.
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now', action: 'paused' });
    const decision = (await server.call('GET', `/v1/releases/${id}`)).body.decisions.find(
      (d: any) => d.kind === 'rollback-now',
    );
    const gate = decision.evidence.evidence.find((g: any) => g.gate === 'unsafe-refunds');
    expect(gate.statistic).toBeGreaterThan(0.05);
    expect(gate.sentence).toMatch(/requests with a blocked or unsafe tool call \(issue_refund\)/);
    const run = await executedSteps(id);
    expect(run.level).toBe('flags');
    expect(run.steps).toHaveLength(1);
    expect(run.steps[0]).toMatch(/ai\.tools\.enabled.*false/);
  });

  it('a write-call rate worse than control breaches relative to control', async () => {
    const id = await started({
      name: 'refund-writes',
      metric: 'tool_write_rate',
      candidate: { above: '2x', of: 'control' },
      within: 'release',
      severity: 'rapid',
      test: 'literal',
    });
    await serve(4, {}, 40);
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now' });
    const run = await executedSteps(id);
    expect(run.level).toBe('flags');
    expect(run.steps).toHaveLength(1);
    expect(run.steps[0]).toMatch(/ai\.tools\.enabled.*false/);
  });

  it('passes when the candidate calls the tool no more than control', async () => {
    const id = await started({
      name: 'refund-calls',
      metric: 'tool_call_rate',
      tool: 'issue_refund',
      candidate: { worseThanControlBy: '5pp' },
      within: 'release',
      severity: 'rapid',
      test: 'literal',
    });
    await serve(10, {}, 10);
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'continue' });
    const gates = (await server.call('GET', `/v1/releases/${id}/gates`)).body.gates;
    expect(gates[0]).toMatchObject({ gate: 'refund-calls', state: 'passing' });
  });

  it('refuses tool: on a metric that is not about tool calls', async () => {
    server = await startRealServer();
    const bad = await server.call('POST', '/v1/apply', {
      documents: [
        release({
          name: 'x',
          metric: 'error_rate',
          tool: 'issue_refund',
          candidate: { above: '5%' },
          severity: 'rapid',
        }),
      ],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(
      /tool applies to tool_call_rate, tool_write_rate and unsafe_tool_call_rate/,
    );
  });
});
