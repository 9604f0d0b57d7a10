import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@ripcord/server';
import { endQuietlyOnClosedPipe, main } from '../src/main.js';

const root = path.resolve(import.meta.dirname, '../../..');
const token = 'cli-robustness-token-0123';

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, { RIPCORD_TOKEN: token, ...env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs a bin as a user would; `closeStdout` closes the reading end at once (as `| head` does). */
function spawnBin(
  bin: string,
  args: string[],
  opts: { cwd?: string; closeStdout?: boolean } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'packages/cli/bin', bin), ...args], {
    cwd: opts.cwd ?? root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  if (opts.closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('an https URL for a plain-HTTP server', () => {
  it('says the server answered without TLS and suggests http://', async () => {
    const plain = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as net.AddressInfo).port;
    try {
      const r = await run(['workflows', 'list'], { RIPCORD_SERVER: `https://127.0.0.1:${port}`, RIPCORD_TOKEN: 'x' });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`not with TLS: .* try http://127\\.0\\.0\\.1:${port}`));
    } finally {
      plain.close();
    }
  });
});

describe('--help', () => {
  it('marks the options a command cannot run without, and shows the global options', async () => {
    const help = await run(['releases', 'evidence', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--tasks <n>\s+offline tasks run \(a whole number ≥ 1\) \(required\)/);
    expect(help.out).toMatch(/--notes <text>\s+notes for the record\n/);
    expect(help.out).toMatch(/Global Options:[\s\S]*--server <url>[\s\S]*--json/);
  });
});

describe('usage errors exit 2 and say what is wrong (no server needed)', () => {
  const nowhere = { RIPCORD_SERVER: 'http://127.0.0.1:1' };

  it('explains a --server without http:// and a RIPCORD_SERVER that is not http(s)', async () => {
    const flag = await run(['--server', 'localhost:7400', 'workflows', 'list']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('--server must be a URL starting with http:// or https://, got "localhost:7400"');
    expect(flag.err).toContain('did you mean http://localhost:7400?');
    const env = await run(['workflows', 'list'], { RIPCORD_SERVER: 'ftp://example.org' });
    expect(env.code).toBe(2);
    expect(env.err).toContain('RIPCORD_SERVER must be a URL starting with http:// or https://');
    // A good URL passes the check (and then fails to connect: exit 1, not 2).
    expect((await run(['workflows', 'list'], nowhere)).code).toBe(1);
  });

  it('refuses wrong option values before any request', async () => {
    const cases: [string[], RegExp][] = [
      [['tokens', 'create', '-s', 'x', '--role', 'superuser'], /Allowed choices are admin, operator, viewer, sdk/],
      [['flags', 'get', 'support-summary', '-e', 'production', '-c', 'plan'], /--context expects attribute=value/],
      [['flags', 'set', 'w', 'k', 'v', '-e', 'p', '-r', 'x', '-t', 'text'], /Allowed choices are boolean/],
      [['segments', 'set', 'w', 's', '-e', 'p', '-r', 'x', '-w', 'plan'], /--where expects attribute:op:value/],
      [['traffic', 'set', 'w', '7', 'abc', '-e', 'p', '--release', 'r', '-r', 'x'], /PERCENT must be a number/],
      [['audit', 'log', '--since', 'yesterday'], /"yesterday" is neither an ISO time nor a duration/],
      [['audit', 'log', '--limit', 'ten'], /'ten' is invalid/],
      [['labels', 'history', 'w', '--limit', '0'], /whole number/],
      [['rollback', 'status', 'r', '--interval', '-1'], /expected a number/],
      [['rollback', 'job', 'run_000000000000', 'two', '-s', 'running'], /STEP must be a step number/],
      [['rollback', 'job', 'run_000000000000', '1', '-s', 'done'], /Allowed choices are running, succeeded, failed/],
      [['rollback', 'job', 'run_000000000000', '1', '-s', 'running', '-p', '2'], /from 0 to 1/],
      [['apply', '-f', '/nonexistent/ripcord.yaml'], /\/nonexistent\/ripcord\.yaml: no such file/],
      [['rollback', 'run', 'r', '-r', 'x', '--level', '5'], /expected a rollback level: 1, 2, 3 or 4/],
      [['rollback', 'plan', 'r', '--level', '1.5'], /expected a rollback level/],
      [['releases', 'evidence', 'r', '--tasks', 'ten', '--passed', '1'], /expected a whole number ≥ 1/],
      [['releases', 'evidence', 'r', '--tasks', '10', '--passed', '-1'], /expected a whole number ≥ 0/],
      [['releases', 'reference', 'r', '-f', '/nonexistent/refs.json'], /no such file/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args, nowhere);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain('cannot reach');
    }
  });

  it('ends quietly with 0 when the reader of its output goes away (| head)', async () => {
    const closed = await spawnBin('ripcord.js', ['--help'], { closeStdout: true });
    expect(closed.stderr).not.toMatch(/EPIPE|Error/);
    expect(closed.code).toBe(0);
    // Other stream errors are not swallowed.
    const stream = new EventEmitter() as unknown as NodeJS.WritableStream;
    const exits: number[] = [];
    endQuietlyOnClosedPipe([stream], (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
  });
});

describe('ripcord serve refuses to start in one line', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-serve-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('echoes a --port that is not a number', async () => {
    const r = await spawnBin('start.js', ['--port', 'abc', '--data', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('ripcord: --port must be an integer between 0 and 65535, got "abc"');
  });

  it('says a busy port is in use, exits 2 without a stack trace and leaves no lock', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await spawnBin('start.js', ['--port', String(port), '--data', dir, '--log-level', 'silent'], {
        cwd: dir,
      });
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toBe(
        `ripcord: port ${port} is in use: stop the other process or start with --port N / RIPCORD_PORT`,
      );
      expect(r.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(fs.existsSync(path.join(dir, 'ripcord.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('says an unreachable PostgreSQL cannot be reached, without the password', async () => {
    const r = await spawnBin('start.js', ['--database-url', 'postgres://nobody:hunter2@127.0.0.1:1/db'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^ripcord: cannot reach PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/db: .*ECONNREFUSED/,
    );
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('flags set refuses unknown ai.* keys', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-flagkeys-'));
    server = await startServer(
      { port: 0, dataDir, logLevel: 'silent' },
      { RIPCORD_ADMIN_TOKEN: token },
      { announce: () => undefined },
    );
    const applied = await run(['apply', '-f', path.join(root, 'examples/support-summary.yaml')], {
      RIPCORD_SERVER: server.url,
    });
    expect(applied.code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the closest known key; known ai.* keys and custom keys are still set', async () => {
    const env = { RIPCORD_SERVER: server.url };
    const typo = await run(
      ['flags', 'set', 'support-summary', 'ai.acton.mode', 'draft-only', '-e', 'production', '-r', 'x'],
      env,
    );
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('did you mean ai.action.mode?');
    expect(typo.err).toContain('ai.route.provider, ai.route.mode, ai.prompt.version, ai.tools.enabled, ai.action.mode');
    expect(typo.err).toContain('[validation_failed]');
    const far = await run(['flags', 'set', 'support-summary', 'ai.something', 'x', '-e', 'production', '-r', 'x'], env);
    expect(far.code).toBe(1);
    expect(far.err).not.toContain('did you mean');
    const known = await run(
      ['flags', 'set', 'support-summary', 'ai.action.mode', 'draft-only', '-e', 'production', '-r', 'x'],
      env,
    );
    expect(known.code).toBe(0);
    const custom = await run(
      ['flags', 'set', 'support-summary', 'checkout.banner', 'true', '-e', 'production', '-r', 'x'],
      env,
    );
    expect(custom.code).toBe(0);
    const status = await fetch(
      `${server.url}/v1/workflows/support-summary/environments/production/flags/ai.acton.mode`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'draft-only', reason: 'x' }),
      },
    );
    expect(status.status).toBe(400);
  });
});
