import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { createClient, type RipcordClient } from '@ripcord/sdk';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const admin = 'chaos-test-admin-token-01234';

/** `ripcord chaos run|list|show` against a real server; the application's own SDK never leaves production. */
describe('chaos runs through the CLI', () => {
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
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-chaos-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: admin },
      { announce: () => undefined },
    );
    await run(['apply', '-f', path.join(root, 'examples/support-summary.yaml')]);
    const label = await run([
      'labels',
      'set',
      'support-summary',
      'production',
      '2026-04-10.1',
      '-e',
      'production',
      '-r',
      'baseline',
    ]);
    expect(label.code, label.err).toBe(0);
    const sdk = JSON.parse(
      (await run(['tokens', 'create', '-s', 'app', '-r', 'sdk', '-e', 'production', '--json'])).out,
    ).token as string;
    client = createClient({
      server: server.url,
      token: sdk,
      environment: 'production',
      workflows: ['support-summary'],
      readyTimeoutMs: 30_000,
    });
    await client.ready();
  }, 180_000);
  afterAll(async () => {
    await client.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what is missing, runs a chaos check, lists and shows it', { timeout: 180_000 }, async () => {
    expect((await run(['chaos', 'run', 'support-summary'])).code).toBe(2);
    expect((await run(['chaos', 'run', 'support-summary', '--fault', 'gremlins'])).code).toBe(2);
    const missing = await run(['chaos', 'run', 'support-summary', '--fault', 'bad-model']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/the drill segment staff is not defined in support-summary\/production/);
    await run([
      'segments',
      'set',
      'support-summary',
      'staff',
      '-e',
      'production',
      '-r',
      'chaos',
      '-w',
      'staff:eq:true',
    ]);
    // The application's users are not staff: whatever the chaos run does, they stay on production.
    const user = () => client.route('support-summary', { key: 'customer-1' });
    const seen = new Set<string>();
    const watching = setInterval(() => seen.add(`${user().arm}:${user().bundleVersion}`), 5);
    const r = await run(['chaos', 'run', 'support-summary', '--fault', 'bad-model', '-r', 'quarterly']);
    clearInterval(watching);
    expect(r.code, r.out + r.err).toBe(0);
    expect([...seen]).toEqual(['control:2026-04-10.1']);
    const id =
      /^chaos (chaos_[0-9a-f]{12}): bad-model in support-summary\/production, segment staff \(release chaos-[0-9a-f]{12} from ticket sonnet-5-tier: 2026-04-10\.1 → 2026-05-02\.1\)$/m.exec(
        r.out,
      )?.[1];
    expect(id, r.out).toBeDefined();
    expect(r.out).toMatch(/^ {2}decision rollback-now on .*schema-failure-spike/m);
    expect(r.out).toMatch(/^ {2}detected after \d+ ms \(target 30 min\)$/m);
    expect(r.out).toMatch(/^ {2}rollback level1 automatic: /m);
    expect(r.out).toMatch(/✓ verify-restore/);
    expect(r.out).toContain('passed: detected, rolled back automatically, verified, restored, verified');
    const list = await run(['chaos', 'list', '-w', 'support-summary']);
    expect(list.out.split('\n')[1]).toMatch(
      new RegExp(`^${id} +support-summary +production +bad-model +passed +admin`),
    );
    expect((await run(['chaos', 'show', id!])).out).toContain(`chaos ${id}: bad-model`);
    expect((await run(['chaos', 'show', 'chaos_000000000000'])).code).toBe(1);
  });
});
