import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RipcordClient } from '@ripcord/sdk';
import { main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const adminToken = 'sdk-integration-admin-token';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The real server as a separate process, so the test can kill it like a crash would. */
function startServerProcess(dataDir: string, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [
      path.join(root, 'packages/cli/bin/ripcord.js'),
      'serve',
      '--data',
      dataDir,
      '--port',
      String(port),
      '--log-level',
      'warn',
    ],
    {
      env: { ...process.env, RIPCORD_ADMIN_TOKEN: adminToken },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

describe('SDK clients against the real server', () => {
  let dataDir: string;
  let port: number;
  let url: string;
  let server: ChildProcess;
  const clients: RipcordClient[] = [];
  const cli = async (...args: string[]) => {
    const err: string[] = [];
    const code = await main(
      args,
      { out: () => undefined, err: (s) => err.push(s) },
      { RIPCORD_SERVER: url, RIPCORD_TOKEN: adminToken },
    );
    if (code !== 0 && args[0] !== 'apply') throw new Error(`ripcord ${args.join(' ')} failed: ${err.join('\n')}`);
    return code;
  };
  const ready = async (timeoutMs?: number) =>
    until(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true, 'server ready', timeoutMs);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-sdk-'));
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = startServerProcess(dataDir, port);
    // A first start creates the embedded store (initdb); on a loaded two-core machine that alone
    // has taken over 20 s, so the wait uses most of the hook's 60 s.
    await ready(50_000);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a CLI change to every client, keeps serving while the server is down, boots from the cache file, and catches up', async () => {
    await cli('apply', '-f', path.join(root, 'examples/support-summary.yaml'));
    await cli(
      'labels',
      'set',
      'support-summary',
      'production',
      '2026-04-10.1',
      '--env',
      'production',
      '--reason',
      'initial',
    );
    const tokenRes = await fetch(`${url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: 'support-app',
        role: 'sdk',
        scope: { environment: 'production', workflows: ['support-summary'] },
      }),
    });
    const sdkToken = ((await tokenRes.json()) as { token: string }).token;
    const cacheFile = path.join(dataDir, 'sdk-cache.json');
    const options = {
      server: url,
      token: sdkToken,
      environment: 'production',
      workflows: ['support-summary'],
      reconnectBaseMs: 50,
      reconnectMaxMs: 200,
      pollIntervalMs: 200,
    };
    for (let i = 0; i < 3; i++) clients.push(createClient({ ...options, ...(i === 0 ? { cacheFile } : {}) }));
    await Promise.all(clients.map((c) => c.ready()));
    const mode = (c: RipcordClient) => c.flag('support-summary', 'ai.action.mode', 'unknown', { key: 'user-1' });
    expect(clients.map(mode)).toEqual(['automatic', 'automatic', 'automatic']);

    // A rollback flag set with the CLI reaches every client.
    await cli(
      'flags',
      'set',
      'support-summary',
      'ai.action.mode',
      'draft-only',
      '--env',
      'production',
      '--reason',
      'schema failures',
    );
    await until(() => clients.every((c) => mode(c) === 'draft-only'), 'all clients to apply draft-only');
    const revision = clients[0]!.revision;
    await until(
      () => fs.existsSync(cacheFile) && JSON.parse(fs.readFileSync(cacheFile, 'utf8')).snapshot.revision === revision,
      'cache file to hold the revision',
    );

    // The control plane dies: clients keep answering from the last revision (fail-static).
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    await until(() => clients.every((c) => c.status === 'stale'), 'clients to notice the stream is gone');
    expect(clients.map(mode)).toEqual(['draft-only', 'draft-only', 'draft-only']);
    const decision = clients[1]!.route('support-summary', { key: 'user-1' });
    expect(decision).toMatchObject({ arm: 'control', bundleVersion: '2026-04-10.1' });

    // A fresh application instance boots from the cache file while the server is down.
    const fresh = createClient({ ...options, cacheFile, cacheFallbackMs: 200, readyTimeoutMs: 5_000 });
    clients.push(fresh);
    await fresh.ready();
    expect(fresh.servingCache).toBe(true);
    expect(mode(fresh)).toBe('draft-only');

    // The server comes back on the same store; a new change reaches every client, the fresh one too.
    server = startServerProcess(dataDir, port);
    await ready();
    await cli(
      'flags',
      'set',
      'support-summary',
      'ai.tools.enabled',
      'false',
      '--env',
      'production',
      '--reason',
      'unsafe tool calls',
    );
    const tools = (c: RipcordClient) => c.flag('support-summary', 'ai.tools.enabled', true, { key: 'user-1' });
    await until(() => clients.every((c) => tools(c) === false), 'all clients to catch up after the restart');
    expect(clients.map(mode)).toEqual(['draft-only', 'draft-only', 'draft-only', 'draft-only']);
    expect(clients.every((c) => (c.revision ?? 0) > (revision ?? Infinity))).toBe(true);
  });
});
