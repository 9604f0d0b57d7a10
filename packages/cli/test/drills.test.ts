import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { createClient, type RipcordClient } from '@ripcord/sdk';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const admin = 'drills-test-admin-token-0123';

/** `ripcord drills run|list|show` against a real server; an SDK client sees the restore. */
describe('rollback drills through the CLI', () => {
  let server: RunningServer;
  let dataDir: string;
  let client: RipcordClient;
  const run = async (args: string[], token = admin) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      args,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      { RIPCORD_SERVER: server.url, RIPCORD_TOKEN: token },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-drills-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: admin },
      { announce: () => undefined },
    );
    await run(['apply', '-f', path.join(root, 'examples/support-summary.yaml')]);
    for (const v of ['2026-04-10.1', '2026-05-02.1'])
      await run(['labels', 'set', 'support-summary', 'production', v, '-e', 'production', '-r', 'baseline']);
    const sdk = JSON.parse(
      (await run(['tokens', 'create', '-s', 'app', '-r', 'sdk', '-e', 'production', '--json'])).out,
    ).token as string;
    client = createClient({
      server: server.url,
      token: sdk,
      environment: 'production',
      workflows: ['support-summary'],
    });
    await client.ready();
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what is missing, then runs a drill, lists it and uses its time in readiness', async () => {
    const missing = await run(['drills', 'run', 'support-summary']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/the drill segment staff is not defined in support-summary\/production/);
    const seg = await run([
      'segments',
      'set',
      'support-summary',
      'staff',
      '-e',
      'production',
      '-r',
      'drills',
      '-w',
      'staff:eq:true',
    ]);
    expect(seg.code).toBe(0);
    expect((await run(['drills', 'run', 'support-summary', '--level', '9'])).code).toBe(2);

    const r = await run(['drills', 'run', 'support-summary', '--level', '1', '-r', 'monthly']);
    expect(r.code, r.err).toBe(0);
    const id =
      /^drill (drill_[0-9a-f]{12}): support-summary in production, level 1, segment staff: 2026-05-02\.1 → 2026-04-10\.1 → 2026-05-02\.1$/m.exec(
        r.out,
      )?.[1];
    expect(id, r.out).toBeDefined();
    expect(r.out).toMatch(/✓ rollback .* ms {2}/);
    expect(r.out).toMatch(/✓ verify-restore/);
    expect(r.out).toMatch(/passed: rolled back, verified, restored, verified/);
    // Restored: a staff context gets production's bundle again.
    const head = (await server.services.config.current('production', 'support-summary'))!.revision;
    const staffer = () => client.route('support-summary', { key: 'u1', staff: true });
    for (let i = 0; i < 400 && staffer().revision < head; i++) await new Promise((r) => setTimeout(r, 25));
    expect(staffer()).toMatchObject({ revision: head, bundleVersion: '2026-05-02.1', arm: 'control' });
    // The drill's own revisions served 2026-04-10.1 to the staff segment only.
    const history = await server.services.config.history('production', 'support-summary', 10);
    const split = history.find((h) => h.change.kind === 'split.set');
    expect(split?.config.split).toMatchObject({ eligibleSegment: 'staff', percent: 100 });
    expect(split?.config.bundles.candidate?.version).toBe('2026-04-10.1');

    const list = await run(['drills', 'list']);
    expect(list.out.split('\n')[1]).toMatch(new RegExp(`^${id} +support-summary +production +1 +passed +admin`));
    expect((await run(['drills', 'show', id!])).out).toContain(`drill ${id}`);
    const readiness = await run(['readiness', 'support-summary', '--json']);
    const body = JSON.parse(readiness.out);
    expect(body.drills).toMatchObject({ due: false, lastPassed: { id }, every: '30d', enforced: false });
    // The example's pending release is what readiness answers for: its first rollback's estimate is measured.
    expect(body.release).toMatchObject({ name: 'sonnet-5-tier', status: 'pending' });
    expect(body.plan.estimate).toMatchObject({ level: 'level1', drills: [id] });
    // The report counts it: one environment, one 30-day period, one passing drill.
    const report = await run(['report', '--workflow', 'support-summary']);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^support-summary: 0 incidents$/m);
    expect(report.out).toContain('✓ drills      100 % (1/1 scheduled passed, 0 failed; target 100 %)');
    expect(report.out).toContain('– MTTD        p50 –, p90 – (target 30 min, 0 measured)');
    expect((await run(['report', '--since', 'last-week'])).code).toBe(1);
    // The runbook in Markdown (default), HTML and JSON.
    const md = await run(['runbook', 'support-summary']);
    expect(md.out).toMatch(/^# Runbook: support-summary in production$/m);
    expect(md.out).toContain(
      '| latency-regression | latency_p95: candidate above 2x of baseline_p95_7d, sustained 30m |',
    );
    expect((await run(['runbook', 'support-summary', '-f', 'html'])).out).toMatch(/^<!doctype html>/);
    expect(JSON.parse((await run(['runbook', 'support-summary', '-f', 'json'])).out).matrix).toHaveLength(7);
    expect((await run(['runbook', 'support-summary', '-f', 'pdf'])).code).toBe(2);
  });

  it('runs the README tour’s staging drill', async () => {
    for (const v of ['2026-04-10.1', '2026-05-02.1'])
      expect(
        (await run(['labels', 'set', 'support-summary', 'production', v, '--env', 'staging', '--reason', 'x'])).code,
      ).toBe(0);
    expect(
      (await run(['segments', 'set', 'support-summary', 'staff', '-e', 'staging', '-w', 'staff:eq:true', '-r', 'd']))
        .code,
    ).toBe(0);
    const drill = await run(['drills', 'run', 'support-summary', '-e', 'staging', '--level', '1']);
    expect(drill.code, drill.err).toBe(0);
    const readiness = await run(['readiness', 'support-summary', '-e', 'staging']);
    expect(readiness.out).toMatch(/measured by 1 drill: drill_[0-9a-f]{12}/);
  });
});
