import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { createClient, decisionFields, type RipcordClient } from '@ripcord/sdk';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const admin = 'operations-test-admin-token';

/** R3.4: the three operations a release must prove, each one command, observed through the real SDK. */
describe('R3.4 operations through the CLI, seen by an SDK client', () => {
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
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
    return check();
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-ops-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: admin },
      { announce: () => undefined },
    );
    await run(['apply', '-f', path.join(root, 'examples/support-summary.yaml')]);
    await run(['labels', 'set', 'support-summary', 'production', '2026-04-10.1', '-e', 'production', '-r', 'baseline']);
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

  it('needs someone on call for the workflow', async () => {
    const r = await run(['ops', 'disable-tools', 'support-summary', '-r', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not on call for support-summary/);
  });

  it('disables tool execution while answers continue, and moves actions to human review without rewriting history', async () => {
    const oncall = JSON.parse(
      (await run(['tokens', 'create', '-s', 'team-support-ai', '-r', 'operator', '--json'])).out,
    ).token as string;
    const inFlight = client.route('support-summary', { key: 'user-1' });
    expect(inFlight.flags['ai.action.mode']).toBe('automatic');
    expect((await run(['ops', 'disable-tools', 'support-summary', '-r', 'refund tool misfires'], oncall)).out).toMatch(
      /ai\.tools\.enabled = false/,
    );
    expect((await run(['ops', 'human-review', 'support-summary', '-r', 'unsafe actions'], oncall)).out).toMatch(
      /ai\.action\.mode = human-review/,
    );
    expect(
      await until(() => client.flag('support-summary', 'ai.action.mode', '', { key: 'user-1' }) === 'human-review'),
    ).toBe(true);
    const next = client.route('support-summary', { key: 'user-1' });
    // Answers go on from the same bundle; only tool execution and automatic actions stop.
    expect(next).toMatchObject({ arm: 'control', bundleVersion: '2026-04-10.1' });
    expect(next.flags['ai.tools.enabled']).toBe(false);
    expect(next.flags['ai.route.provider']).toBe('anthropic-prod');
    // The request routed before the change is recorded under the mode it started with.
    expect(decisionFields(inFlight).actionMode).toBe('automatic');
    expect(decisionFields(next).actionMode).toBe('human-review');
  });

  it('restores the previous route in one command when no release is running', async () => {
    const oncall = JSON.parse(
      (await run(['tokens', 'create', '-s', 'team-ml-platform', '-r', 'operator', '--json'])).out,
    ).token as string;
    await run(['labels', 'set', 'support-summary', 'previous', '2026-04-10.1', '-e', 'production', '-r', 'keep']);
    await run(['labels', 'set', 'support-summary', 'production', '2026-05-02.1', '-e', 'production', '-r', 'ship']);
    const r = await run(['ops', 'restore-route', 'support-summary', '-r', 'longer answers'], oncall);
    expect(r.out).toMatch(/production: 2026-05-02\.1 → 2026-04-10\.1/);
    expect(await until(() => client.route('support-summary', { key: 'u' }).bundleVersion === '2026-04-10.1')).toBe(
      true,
    );
  });
});
