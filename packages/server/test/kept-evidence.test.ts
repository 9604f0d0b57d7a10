/**
 * Evidence is kept, as the ticket asks (issue 13 part 2), end to end on the real server: the SDK
 * reports outcomes (with trace ids and the parser's messages) and complaints, ingest keeps a
 * bounded sample per gate and arm, the tick's decision freezes it, and the incident, the API, the
 * audit entry and `ripcord incidents show` show it.
 */
import { createClient, decisionFields, type RipcordClient } from '@ripcord/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/src/main.js';
import { adminToken, exampleDocuments } from './helpers.js';
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
    name: 'evidence-kept',
    control: '2026-04-10.1',
    candidate: '2026-05-02.1',
    plan: [{ canary: { percent: 50, bake: '60m' } }, { promote: {} }],
    gates: [gate],
    firstRollback: { restore: ['modelRoute'] },
    automatic: ['level1', 'flags'],
    evidence: ['traceIds', 'rejectedSamples', 'parserLogs', 'costSample', 'reviewerNotes'],
    authority: { flipFlags: 'engineering', reduceAutomation: 'incidentCommander' },
  };
}

async function started(gate: Record<string, unknown>): Promise<string> {
  server = await startRealServer();
  const applied = await server.call('POST', '/v1/apply', {
    documents: [...exampleDocuments('support-summary'), release(gate)],
  });
  expect(applied.status).toBe(200);
  const id = (await server.call('GET', '/v1/releases?workflow=support-summary')).body.releases.find(
    (r: { name: string }) => r.name === 'evidence-kept',
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

/** Runs the CLI against the server; its printed lines. */
async function cli(args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(
    args,
    { out: (s) => out.push(s), err: (s) => out.push(s) },
    { RIPCORD_SERVER: server.url, RIPCORD_TOKEN: adminToken },
  );
  expect(code, out.join('\n')).toBe(0);
  return out.join('\n');
}

async function incidentOf(id: string) {
  const incidents = (await server.call('GET', '/v1/incidents')).body.incidents as { id: string; releaseId: string }[];
  const incident = incidents.find((i) => i.releaseId === id)!;
  return { id: incident.id, shown: (await server.call('GET', `/v1/incidents/${incident.id}`)).body };
}

describe('evidence kept per gate and arm (issue 13 part 2)', () => {
  it('records rejected samples with their parser messages and trace ids in the decision, incident, audit and CLI', async () => {
    const id = await started({
      name: 'schema-spike',
      metric: 'schema_failure_rate',
      candidate: { above: '5%' },
      within: 'release',
      severity: 'rapid',
      test: 'literal',
    });
    const rejected: string[] = [];
    for (let i = 0; i < 600; i++) {
      const d = client!.route('support-summary', { key: `user-${i}` });
      const bad = d.arm === 'candidate' && i % 4 === 0;
      if (bad) rejected.push(`req-${i}`);
      client!.report({
        type: 'outcome',
        workflow: 'support-summary',
        requestId: `req-${i}`,
        traceId: `trace-${i}`,
        ...decisionFields(d),
        schemaValid: !bad,
        ...(bad ? { parserError: `json-v2: missing required field next_action at $.summary (${i})` } : {}),
      });
    }
    await client!.flush();
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now', action: 'rolled-back' });

    // The decision froze the latest 10 rejected samples with their parser messages and trace ids.
    const decision = (await server.call('GET', `/v1/releases/${id}`)).body.decisions.find(
      (d: any) => d.kind === 'rollback-now',
    );
    const gate = decision.evidence.evidence.find((g: any) => g.gate === 'schema-spike');
    expect(gate.evidence.kept.counted).toEqual({ candidate: rejected.length, control: 0 });
    const latest = rejected.slice(-10);
    expect(gate.evidence.kept.candidate.map((s: any) => s.id)).toEqual(latest);
    for (const s of gate.evidence.kept.candidate) {
      const n = s.id.slice('req-'.length);
      expect(s).toMatchObject({
        traceId: `trace-${n}`,
        parserError: `json-v2: missing required field next_action at $.summary (${n})`,
      });
    }

    // The incident shows the same evidence, as the decision froze it.
    const { id: incidentId, shown } = await incidentOf(id);
    expect(shown.evidence.kind).toBe('rollback-now');
    expect(shown.evidence.gates[0].kept.candidate).toEqual(gate.evidence.kept.candidate);
    // So does the audit entry of the decision.
    const audit = (await server.call('GET', '/v1/audit')).body.entries.find(
      (e: any) => e.subject === id && e.details?.kind === 'rollback-now',
    );
    expect(audit.details.evidence[0].kept.candidate.map((s: any) => s.id)).toEqual(latest);
    // And `ripcord incidents show`.
    const printed = await cli(['incidents', 'show', incidentId]);
    expect(printed).toMatch(/evidence \(decision dec_\w+ at .*, rollback-now\):/);
    expect(printed).toMatch(
      new RegExp(`${latest.at(-1)!}\\s+trace trace-\\d+\\s+parser: json-v2: missing required field`),
    );
  });

  it('records every matching sample id of a complaint-count breach', async () => {
    const id = await started({
      name: 'complaints',
      metric: 'confirmed_complaints',
      count: { atLeast: 3, within: 'release', matchingSamples: true },
      severity: 'rapid',
    });
    const served: Record<'control' | 'candidate', string[]> = { control: [], candidate: [] };
    for (let i = 0; i < 300; i++) {
      const d = client!.route('support-summary', { key: `user-${i}` });
      served[d.arm].push(`req-${i}`);
      client!.report({ type: 'outcome', workflow: 'support-summary', requestId: `req-${i}`, ...decisionFields(d) });
    }
    await client!.flush();
    const complained = served.candidate.slice(0, 3);
    for (const sampleId of [...complained, served.control[0]!])
      client!.report({ type: 'complaint', workflow: 'support-summary', sampleId, confirmed: true });
    await client!.flush();
    const [tick] = await server.services.machine.tick();
    expect(tick).toMatchObject({ release: id, decision: 'rollback-now' });
    const decision = (await server.call('GET', `/v1/releases/${id}`)).body.decisions.find(
      (d: any) => d.kind === 'rollback-now',
    );
    const gate = decision.evidence.evidence.find((g: any) => g.gate === 'complaints');
    expect([...gate.evidence.sampleIds].sort()).toEqual([...complained].sort());
    const { id: incidentId, shown } = await incidentOf(id);
    expect([...shown.evidence.gates[0].sampleIds].sort()).toEqual([...complained].sort());
    const printed = await cli(['incidents', 'show', incidentId]);
    for (const sample of complained) expect(printed).toContain(sample);
  });
});
