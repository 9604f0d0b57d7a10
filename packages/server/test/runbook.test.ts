import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, exampleDocuments, type TestApp } from './helpers.js';

const runbookOf = (t: TestApp, workflow: string, format = 'md') =>
  t.call('GET', `/v1/workflows/${workflow}/environments/production/runbook?format=${format}`);

/** The threshold values a gate spec writes (what the matrix must show), e.g. `1.0%`, `2x`, `5pp`, `3`. */
function thresholds(gate: Record<string, any>): string[] {
  const out: string[] = [];
  for (const side of ['candidate', 'control'])
    for (const [k, v] of Object.entries(gate[side] ?? {}))
      if (k !== 'of')
        out.push(typeof v === 'object' ? `${(v as any).method} above ${(v as any).above}` : `${v as string}`);
  if (gate.count) out.push(`at least ${gate.count.atLeast}`);
  if (gate.sustained) out.push(`sustained ${gate.sustained}`);
  return out;
}

/**
 * R8.3: the runbook and decision matrix, generated from the stored Workflow, ticket and bundles
 * with the real planner and authority, served by the API in JSON, Markdown and HTML.
 */
describe('the runbook and decision matrix', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('shows every gate of the examples with its real threshold and first action', async () => {
    t = await createTestApp();
    for (const name of ['support-summary', 'ride-pricing'] as const)
      expect(
        (await t.call('POST', '/v1/apply', { documents: exampleDocuments(name, { includeReleases: true }) })).status,
      ).toBe(200);
    for (const name of ['support-summary', 'ride-pricing'] as const) {
      const release = exampleDocuments(name, { includeReleases: true }).find((d) => d.kind === 'Release')!;
      const gates = release.gates as Record<string, any>[];
      const r = await runbookOf(t, name);
      expect(r.status).toBe(200);
      expect(r.body.release).toMatchObject({ name: release.name, status: 'pending' });
      expect(r.body.matrix.map((m: any) => m.trigger)).toEqual(gates.map((g) => g.name));
      const html = (await runbookOf(t, name, 'html')).body.rendered as string;
      for (const gate of gates) {
        const row = r.body.matrix.find((m: any) => m.trigger === gate.name);
        for (const value of thresholds(gate)) expect(row.condition, gate.name).toContain(value);
        expect(row.decision).toBe(gate.severity === 'delayed' ? 'investigate' : 'roll back now');
        expect(row.firstAction.length).toBeGreaterThan(0);
        const line = (r.body.rendered as string).split('\n').find((l) => l.startsWith(`| ${gate.name} |`));
        expect(line, gate.name).toContain(row.condition);
        expect(line).toContain(row.firstAction.replace(/\|/g, '\\|'));
        expect(html).toContain(`<td>${gate.name}</td>`);
      }
    }
    // Rows as the planner and authority give them, for gates whose actions differ.
    const ss = (await runbookOf(t, 'support-summary', 'json')).body;
    const row = (name: string) => ss.matrix.find((m: any) => m.trigger === name);
    expect(row('latency-regression')).toMatchObject({
      condition: 'candidate above 2x of baseline_p95_7d, sustained 30m',
      level: 'level1',
      firstAction: 'restore modelRoute: claude-sonnet-5 → claude-sonnet-4-5',
      approval: "automatic (within the ticket's automatic list)",
    });
    expect(row('schema-failure-spike').condition).toBe(
      'candidate above 1.0%, while control below 0.2%, over 200 consecutiveCalls',
    );
    expect(row('safety-blocks')).toMatchObject({
      firstAction: 'set ai.action.mode = "human-review" for all traffic',
      customerMessage: { id: 'review-mode' },
    });
    expect(row('provider-p99-prometheus')).toMatchObject({ decision: 'investigate', severity: 'delayed' });
    expect(ss.rendered).toBeNull();
    const rp = (await runbookOf(t, 'ride-pricing', 'json')).body;
    expect(rp.matrix.find((m: any) => m.trigger === 'serving-errors')).toMatchObject({
      condition: 'candidate above 5%',
      level: 'level2',
      approval: "automatic (within the ticket's automatic list); then the team lead acknowledges within 15 min",
    });
    // Level 1 is escalated (model 41 needs fp-12); level 3 needs the data engineering lead.
    expect(rp.procedure.map((p: any) => p.status)).toEqual(['escalated', 'planned', 'planned', 'planned']);
    expect(rp.procedure[2].commands).toContain(
      'ripcord releases approve demand-gbm-42 -r REASON   # the data engineering lead',
    );
  });

  it('changes its version exactly when apply changes the ticket', async () => {
    t = await createTestApp();
    const documents = exampleDocuments('support-summary', { includeReleases: true });
    await t.call('POST', '/v1/apply', { documents });
    const first = (await runbookOf(t, 'support-summary', 'json')).body;
    await t.call('POST', '/v1/apply', { documents });
    expect((await runbookOf(t, 'support-summary', 'json')).body.version).toBe(first.version);
    const changed = documents.map((d) => (d.kind === 'Release' ? { ...d, cooldown: '96h' } : d));
    expect((await t.call('POST', '/v1/apply', { documents: changed })).status).toBe(200);
    const second = (await runbookOf(t, 'support-summary', 'json')).body;
    expect(second.version).not.toBe(first.version);
    expect((await runbookOf(t, 'no-such')).status).toBe(404);
    expect(
      (await t.call('GET', '/v1/workflows/support-summary/environments/production/runbook?format=pdf')).status,
    ).toBe(400);
  });
});
