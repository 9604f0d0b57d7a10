import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { main } from '../src/main.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const token = 'cli-test-admin-token-0123';

describe('ripcord CLI against a running server', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-cli-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: token },
      { announce: () => undefined },
    );
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(args: string[], env: Record<string, string | undefined> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      args,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      { RIPCORD_SERVER: server.url, RIPCORD_TOKEN: token, ...env },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('applies the examples with their releases, and reports unchanged on re-apply', async () => {
    const first = await run([
      'apply',
      '-f',
      path.join(root, 'examples/support-summary.yaml'),
      '-f',
      path.join(root, 'examples/ride-pricing.yaml'),
    ]);
    expect(first.out).toMatch(/Bundle\s+support-summary\/2026-05-02\.1\s+created/);
    expect(first.out).toMatch(/Bundle\s+ride-pricing\/42\s+created/);
    expect(first.out).toMatch(/Release\s+support-summary\/production\/sonnet-5-tier\s+created/);
    expect(first.code).toBe(0);
    const again = await run(['apply', '-f', path.join(root, 'examples/ride-pricing.yaml'), '--json']);
    const results = JSON.parse(again.out).results as { kind: string; outcome: string }[];
    expect(results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('shows exactly the model change in a diff, and label moves in the history', async () => {
    const diff = await run(['bundles', 'diff', 'support-summary', '2026-04-10.1', '2026-05-02.1']);
    expect(diff.code).toBe(0);
    expect(diff.out).toContain('modelRoute (changed)');
    expect(diff.out).toContain('model: "claude-sonnet-4-5" → "claude-sonnet-5"');
    expect(diff.out).toMatch(/unchanged: prompt, retrieval, tools, outputSchema/);
    expect(
      (await run(['labels', 'set', 'ride-pricing', 'production', '41', '--env', 'production', '--reason', 'initial']))
        .code,
    ).toBe(0);
    const moved = await run(['labels', 'set', 'ride-pricing', 'production', '42', '-e', 'production', '-r', 'ship 42']);
    expect(moved.out).toBe('ride-pricing [production] production: 41 → 42');
    const history = await run(['labels', 'history', 'ride-pricing', '--json']);
    expect(JSON.parse(history.out).history.map((m: any) => [m.fromVersion, m.toVersion, m.reason])).toEqual([
      ['41', '42', 'ship 42'],
      [null, '41', 'initial'],
    ]);
    const del = await run(['bundles', 'delete', 'ride-pricing', '41']);
    expect(del.code).toBe(1);
    expect(del.err).toMatch(/cooldown hold until .*\[retention_hold\]/);
  });

  it('creates a viewer token that can read but not write, and reports errors with codes', async () => {
    const created = JSON.parse(
      (await run(['tokens', 'create', '--subject', 'dash', '--role', 'viewer', '--json'])).out,
    );
    expect(created.token).toMatch(/^rc_/);
    const viewer = { RIPCORD_TOKEN: created.token };
    expect((await run(['workflows', 'list'], viewer)).out).toMatch(/ride-pricing\s+realtime\s+business-critical/);
    const denied = await run(
      ['labels', 'set', 'ride-pricing', 'candidate', '42', '-e', 'production', '-r', 'x'],
      viewer,
    );
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/needs the operator role.*\[forbidden\]/);
    expect((await run(['whoami'], viewer)).out).toBe('dash (viewer)');
    expect((await run(['audit', 'verify'])).out).toMatch(/^audit chain intact: \d+ entries$/);
  });

  it('checks the audit chain against an external anchor (--anchor-seq, --anchor-hash)', async () => {
    const head = JSON.parse((await run(['audit', 'verify', '-o', 'json'])).out) as {
      entries: number;
      headHash: string;
    };
    const anchored = await run([
      'audit',
      'verify',
      '--anchor-seq',
      String(head.entries),
      '--anchor-hash',
      head.headHash,
    ]);
    expect(anchored.code).toBe(0);
    expect(anchored.out).toMatch(
      new RegExp(`^audit chain intact: \\d+ entries; entry ${head.entries} matches the anchor$`),
    );
    // Another hash at that entry: the tail was rewritten.
    const other = 'a'.repeat(64);
    const rewritten = await run(['audit', 'verify', '--anchor-seq', String(head.entries), '--anchor-hash', other]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toBe(`audit chain BROKEN at entry ${head.entries}: anchor-mismatch`);
    // An anchor beyond the log: its newest entries were deleted since the copy was taken.
    const beyond = await run(['audit', 'verify', '--anchor-seq', String(head.entries + 1000), '--anchor-hash', other]);
    expect(beyond.code).toBe(1);
    expect(beyond.out).toMatch(/^audit chain BROKEN at entry \d+: deleted-at-tail$/);
    // Usage errors, before any request.
    const alone = await run(['audit', 'verify', '--anchor-seq', '3']);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/--anchor-seq and --anchor-hash go together/);
    const bad = await run(['audit', 'verify', '--anchor-seq', '3', '--anchor-hash', 'xyz']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected 64 hex digits/);
    const help = await run(['audit', 'verify', '--help']);
    expect(help.out + help.err).toMatch(/Example:\n.*ripcord audit verify --anchor-seq/s);
  });

  it('starts a release after readiness, shows its rollback plan, and aborts it', async () => {
    const blocked = await run(['releases', 'start', 'sonnet-5-tier']);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toMatch(/^sonnet-5-tier was not started \(still pending\): readiness is blocked\n/);
    expect(blocked.out).toMatch(
      /blocked:\n {2}- production in production serves nothing, not the control 2026-04-10\.1/,
    );
    await run(['labels', 'set', 'support-summary', 'production', '2026-04-10.1', '-e', 'production', '-r', 'baseline']);
    const ready = await run(['readiness', 'support-summary']);
    // The example's Prometheus gate is delayed: a server without the source reports it and warns.
    expect(ready.out).toMatch(
      /^support-summary\/production, release sonnet-5-tier \(pending\)\nready\n {2}signal prometheus main: not-configured — no prometheus source named main is configured on this server \(RIPCORD_SIGNAL_SOURCES\) · gates provider-p99-prometheus\nplan: planned, level1/,
    );
    expect(ready.out).toMatch(/restore modelRoute: claude-sonnet-5 → claude-sonnet-4-5/);
    const started = await run(['releases', 'start', 'support-summary/production/sonnet-5-tier']);
    expect(started.out).toBe('started sonnet-5-tier: stage 1/4 offline 1000 tasks');
    const other = ['--tasks', '1000', '--passed', '1000', '--dataset', 'sha256:000000000000'];
    const wrongSet = await run(['releases', 'evidence', 'sonnet-5-tier', ...other]);
    expect(wrongSet.code).toBe(1);
    expect(wrongSet.out).toMatch(/^sonnet-5-tier: offline evidence incomplete \(1000\/1000 passed\): .*dataset/);
    const short = await run(['releases', 'evidence', 'sonnet-5-tier', '--tasks', '10', '--passed', '10']);
    expect(short).toMatchObject({ code: 1 });
    expect(short.out).toMatch(/^sonnet-5-tier: offline evidence incomplete \(10\/10 passed\): /);
    const typo = await run(['releases', 'evidence', 'sonnet-5-tier', '--tasks', 'ten', '--passed', '9']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/--tasks.*expected a whole number/);
    const passed = await run(['releases', 'evidence', 'sonnet-5-tier', '--tasks', '1000', '--passed', '998']);
    expect(passed).toMatchObject({ code: 0, out: 'sonnet-5-tier: offline evidence passed (998/1000 passed)' });
    const plan = await run(['rollback', 'plan', 'sonnet-5-tier']);
    expect(plan.out).toMatch(/set ai\.action\.mode = "draft-only"/);
    const aborted = await run(['releases', 'abort', 'sonnet-5-tier', '-r', 'changed our mind']);
    expect(aborted.out).toBe('sonnet-5-tier: aborted');
    const shown = await run(['releases', 'show', 'sonnet-5-tier']);
    expect(shown.out).toMatch(/release\.aborted\s+cli-test|release\.aborted\s+admin/);
    expect(shown.out).toMatch(/changed our mind/);
    const list = await run(['releases', 'list', '--json']);
    expect(JSON.parse(list.out).releases.find((r: any) => r.name === 'sonnet-5-tier').status).toBe('aborted');
  });

  it('declares the reference distributions of a pending release from a JSON file, and refuses bad files', async () => {
    const file = path.join(dataDir, 'refs.json');
    const uniform = { edges: [10, 20, 30], proportions: [0.25, 0.25, 0.25, 0.25] };
    fs.writeFileSync(file, JSON.stringify({ distributions: { rain_mm: uniform } }));
    const first = await run(['releases', 'reference', 'demand-gbm-42', '-f', file]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toBe(
      'demand-gbm-42: reference distributions declared for rain_mm\n' +
        'still missing (those gates stay inconclusive): zone_demand_10m',
    );
    fs.writeFileSync(file, JSON.stringify({ distributions: { hour_of_week: uniform } }));
    const unknown = await run(['releases', 'reference', 'demand-gbm-42', '-f', file]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/compares hour_of_week; its gates compare/);
    fs.writeFileSync(file, '{not json');
    expect((await run(['releases', 'reference', 'demand-gbm-42', '-f', file])).code).toBe(2);
    expect((await run(['releases', 'reference', 'demand-gbm-42', '-f', `${file}.missing`])).code).toBe(2);
  });

  it('rolls a release back as an on-call engineer and shows the incident with MTTD, MTTR and blast radius', async () => {
    const created = JSON.parse(
      (await run(['tokens', 'create', '-s', 'team-support-ai', '-r', 'operator', '--json'])).out,
    );
    const oncall = { RIPCORD_TOKEN: created.token };
    const yaml = fs
      .readFileSync(path.join(root, 'examples/support-summary.yaml'), 'utf8')
      .replace('name: sonnet-5-tier', 'name: sonnet-5-tier-b');
    const file = path.join(dataDir, 'second-release.yaml');
    fs.writeFileSync(file, yaml);
    expect((await run(['apply', '-f', file])).code).toBe(0);
    const startB = await run(['releases', 'start', 'sonnet-5-tier-b']);
    expect(startB, startB.out + startB.err).toMatchObject({ code: 0 });
    const denied = await run(['rollback', 'run', 'sonnet-5-tier-b', '-r', 'schema failures']);
    expect(denied.code).toBe(1);
    expect(denied.out).toMatch(/^refused: /);
    const ran = await run(['rollback', 'run', 'sonnet-5-tier-b', '-r', 'schema failures'], oncall);
    expect(ran.out).toMatch(/^executed: level1 rollback ran/);
    const list = JSON.parse((await run(['incidents', 'list', '--json'])).out).incidents;
    expect(list).toHaveLength(1);
    const shown = await run(['incidents', 'show', list[0].id]);
    expect(shown.out).toMatch(
      /support-summary\/production release sonnet-5-tier-b \(2026-05-02\.1 → 2026-04-10\.1\): verifying/,
    );
    expect(shown.out).toMatch(
      /MTTD .* \(first exposure → detection\)\s+MTTR not measured \(decision → verified restore\)/,
    );
    expect(shown.out).toMatch(/blast radius: /);
    expect(shown.out).toMatch(/rollback\.executed\s+team-support-ai: /);
  });

  it('exits 2 on usage errors and explains an unreachable server', async () => {
    expect((await run(['bundles', 'diff', 'only-one-arg'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    const down = await run(['workflows', 'list'], { RIPCORD_SERVER: 'http://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/cannot reach the ripcord server at http:\/\/127\.0\.0\.1:1/);
    const missing = await run(['apply', '-f', '/nonexistent.yaml']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/no such file/);
  });

  it('works as the installed bin, reading documents from stdin', async () => {
    const yaml = 'kind: Workflow\nname: from-stdin\ntype: batch\n';
    const child = execFile(process.execPath, [
      path.join(root, 'packages/cli/bin/ripcord.js'),
      'apply',
      '-f',
      '-',
      '--server',
      server.url,
      '--token',
      token,
    ]);
    child.stdin!.end(yaml);
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))));
    });
    expect(out).toMatch(/Workflow\s+from-stdin\s+created/);
    const help = await exec(process.execPath, [
      path.join(root, 'packages/cli/bin/ripcord.js'),
      'labels',
      'set',
      '--help',
    ]);
    expect(help.stdout).toMatch(/--reason <reason>/);
  });
});
