import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { main } from '../src/main.js';
import { progressBar } from '../src/commands/rollbacks.js';

const root = path.resolve(import.meta.dirname, '../../..');
const admin = 'rollback-status-test-admin-token';

/**
 * Issue 6: a level-3 rollback's job shown with a progress bar (plain lines when stdout is not a
 * terminal), reported by hand with `ripcord rollback job`, and followed with `--watch`.
 */
describe('ripcord rollback status and job', () => {
  let server: RunningServer;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const run = async (args: string[], token = tokens['team-pricing']!) => {
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-rollback-status-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: admin },
      { announce: () => undefined, probe: () => Promise.resolve({ ok: true, detail: 'HTTP 200 (test)' }) },
    );
    expect((await run(['apply', '-f', path.join(root, 'examples/ride-pricing.yaml')], admin)).code).toBe(0);
    await run(['labels', 'set', 'ride-pricing', 'production', '41', '-e', 'production', '-r', 'baseline'], admin);
    for (const subject of ['team-pricing', 'lead-data-eng'])
      tokens[subject] = JSON.parse(
        (await run(['tokens', 'create', '-s', subject, '-r', 'operator', '--json'], admin)).out,
      ).token as string;
    expect((await run(['releases', 'start', 'demand-gbm-42'], admin)).code).toBe(0);
    const asked = await run(['rollback', 'run', 'demand-gbm-42', '-r', 'features drifted', '-l', '3', '--json']);
    expect(JSON.parse(asked.out).status).toBe('awaiting-approval');
    // Before the approval there is no run yet: status says what it waits for.
    const waiting = await run(['rollback', 'status', 'demand-gbm-42']);
    expect(waiting.code).toBe(1);
    expect(waiting.err).toMatch(
      /demand-gbm-42 has no rollback run yet: a level3 rollback waits for approval by dataEngineeringLead until \S+ \(`ripcord releases approve demand-gbm-42 -r REASON`\)/,
    );
    const granted = await run(['releases', 'approve', 'demand-gbm-42', '-r', 'ok', '--json'], tokens['lead-data-eng']);
    expect(JSON.parse(granted.out)).toMatchObject({ status: 'executed', runStatus: 'running' });
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws a bar for the fraction done', () => {
    expect(progressBar(0)).toBe(`[${'-'.repeat(24)}]   0%`);
    expect(progressBar(0.5)).toBe(`[${'#'.repeat(12)}${'-'.repeat(12)}]  50%`);
    expect(progressBar(7)).toBe(`[${'#'.repeat(24)}] 100%`);
  });

  it('shows the waiting job, takes progress reports, and follows the run with --watch to success', async () => {
    const shown = await run(['rollback', 'status', 'demand-gbm-42']);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/RUNNING/);
    expect(shown.out).toMatch(/\[waiting\]\s+\d+\. recompute features/);
    expect(shown.out).toMatch(/\[-{24}\]\s+0% manual .*run by hand/);
    const run0 = JSON.parse((await run(['rollback', 'status', 'demand-gbm-42', '--json'])).out);
    const step = run0.steps.find((s: { kind: string }) => s.kind === 'job').index + 1;

    const progress = await run([
      'rollback',
      'job',
      run0.id,
      String(step),
      '-s',
      'running',
      '-p',
      '0.5',
      '-m',
      'day 4 of 7',
    ]);
    expect(progress.code).toBe(0);
    expect(progress.out).toContain(`[${'#'.repeat(12)}${'-'.repeat(12)}]  50% running: day 4 of 7`);

    const watching = run(['rollback', 'status', run0.id, '--watch', '--interval', '0.05']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await run(['rollback', 'job', run0.id, String(step), '-s', 'succeeded', '-m', 'done'])).code).toBe(0);
    const watched = await watching;
    expect(watched.code).toBe(0);
    const lines = watched.out.split('\n');
    // Not a terminal: plain lines, no cursor movement, and the final state is printed.
    expect(watched.out).not.toContain('\x1b[');
    expect(lines.some((l) => /SUCCEEDED/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes(`] 100% succeeded: done`))).toBe(true);
    // Reporting on a finished job is refused with the server's message.
    const late = await run(['rollback', 'job', run0.id, String(step), '-s', 'failed']);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/already succeeded/);
    expect((await run(['rollback', 'job', run0.id, '0', '-s', 'failed'])).code).toBe(2); // STEP 0 is a usage error
  });
});
