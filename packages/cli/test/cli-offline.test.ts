// CLI conventions that need no control plane (issue 14): `Example:` in every command's help, shell
// completion, the kubectl verbs, config contexts found from any directory, and the request timeout.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildProgram, main } from '../src/main.js';
import { createContext } from '../src/context.js';
import { rewriteKubectlVerbs } from '../src/commands/kubectl-verbs.js';
import { parseSimpleConfig } from '../src/config-file.js';

let home: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-cli-home-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, { HOME: home, ...env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every command's path under `ripcord`, the program itself first. */
function commandPaths(): string[][] {
  const io = { out: () => undefined, err: () => undefined };
  const program = buildProgram(createContext({}, io), io);
  const paths: string[][] = [[]];
  const walk = (command: Command, at: string[]) => {
    for (const sub of command.commands) {
      paths.push([...at, sub.name()]);
      walk(sub, [...at, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

describe('help', () => {
  it('shows an Example: in the help of every command, groups and the program included', async () => {
    const paths = commandPaths();
    expect(paths.length).toBeGreaterThan(60);
    const missing: string[] = [];
    for (const p of paths) {
      const help = await run([...p, '--help']);
      expect(help.code, p.join(' ')).toBe(0);
      if (!/\nExample:\n {2}ripcord /.test(help.out)) missing.push(p.join(' ') || '(ripcord)');
    }
    expect(missing).toEqual([]);
  });
});

describe('shell completion', () => {
  it('prints a script for bash, zsh and fish that asks `ripcord __complete`', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await run(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('ripcord __complete');
    }
    expect((await run(['completion', 'powershell'])).code).toBe(2);
  });

  it('completes commands, subcommands with their aliases, options and option values', async () => {
    const words = async (...w: string[]) => (await run(['__complete', ...w])).out.split('\n');
    expect(await words('rel')).toEqual(['releases']);
    expect(await words('releases', '')).toEqual(expect.arrayContaining(['get', 'describe', 'watch', 'start']));
    expect(await words('releases', 'g')).toEqual(['get']);
    expect(await words('releases', 'get', '--a')).toEqual(['--active']);
    expect(await words('releases', 'get', '-o', '')).toEqual(['text', 'json', 'yaml', 'wide', 'name']);
    expect(await words('gates', 'override', 'x', 'y', '--force', 'c')).toEqual(['clear']);
    expect(await words('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await words('get', 'rel')).toEqual(['releases']);
    expect(await words('--server', 'http://x', 'conf')).toEqual(['config']);
  });
});

describe('kubectl verbs', () => {
  it('rewrites `get KIND` and `describe KIND` to the kind’s own command, after global options', () => {
    expect(rewriteKubectlVerbs(['get', 'releases', '--active'])).toEqual(['releases', 'get', '--active']);
    expect(rewriteKubectlVerbs(['--server', 'http://h', 'describe', 'release', 'x'])).toEqual([
      '--server',
      'http://h',
      'releases',
      'describe',
      'x',
    ]);
    expect(rewriteKubectlVerbs(['-o', 'json', 'get', 'wf'])).toEqual(['-o', 'json', 'workflows', 'get']);
    expect(rewriteKubectlVerbs(['flags', 'get', 'wf'])).toEqual(['flags', 'get', 'wf']);
  });

  it('refuses a kind it does not know, with the kinds it knows (exit 2)', async () => {
    const r = await run(['get', 'pods']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown kind "pods" for get: use one of releases, workflows');
  });
});

describe('request timeout', () => {
  let silent: http.Server;
  let url: string;
  beforeAll(async () => {
    // Accepts every request and never answers (what made the CLI hang for minutes before issue 14).
    silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  });
  afterAll(() => {
    silent.closeAllConnections();
    silent.close();
  });

  it('gives up after --timeout and says which server did not answer what', async () => {
    const r = await run(['workflows', 'get', '--timeout', '200ms'], { RIPCORD_SERVER: url, RIPCORD_TOKEN: 't' });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: the ripcord server at ${url} did not answer GET /v1/workflows within 0.2 s; it may be overloaded or stuck (wait longer with --timeout 2m or RIPCORD_TIMEOUT) [timeout]`,
    );
  });

  it('takes RIPCORD_TIMEOUT, and refuses a timeout that is not a duration', async () => {
    const env = { RIPCORD_SERVER: url, RIPCORD_TOKEN: 't', RIPCORD_TIMEOUT: '0.1s' };
    expect((await run(['whoami'], env)).err).toMatch(/did not answer GET \/v1\/whoami within 0\.1 s/);
    const bad = await run(['whoami', '--timeout', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected a duration such as 30s, 2m or 500ms');
    expect((await run(['whoami'], { ...env, RIPCORD_TIMEOUT: 'soon' })).err).toContain('RIPCORD_TIMEOUT: expected');
  });
});

describe('apply --dry-run against a server that does not know dry runs', () => {
  it('says the documents were applied instead of printing "(dry run)"', async () => {
    // A server from before `dryRun` ignores the parameter, applies, and answers without `dryRun: true`.
    const old = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ results: [{ index: 0, kind: 'Workflow', name: 'w', outcome: 'created' }] }));
    });
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    try {
      const file = path.join(home, 'w.yaml');
      fs.writeFileSync(file, 'kind: Workflow\nname: w\ntype: batch\n');
      const url = `http://127.0.0.1:${(old.address() as net.AddressInfo).port}`;
      const r = await run(['apply', '-f', file, '--dry-run'], { RIPCORD_SERVER: url, RIPCORD_TOKEN: 't' });
      expect(r).toMatchObject({ code: 1, out: '' });
      expect(r.err).toBe(
        'error: the server does not know dry runs (it is older than this CLI): the documents WERE applied: Workflow w created',
      );
    } finally {
      old.close();
    }
  });
});

describe('contexts in the config file', () => {
  let echo: http.Server;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    // whoami answers with the token it was sent as the subject; "stale" is refused as a real server would.
    echo = http.createServer((req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || '(none)';
      res.setHeader('content-type', 'application/json');
      if (token === 'stale') {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'unknown or revoked token' } }));
      } else res.end(JSON.stringify({ subject: token, role: 'admin', scope: null }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-contexts-'));
    fs.writeFileSync(path.join(dir, 'token-a'), 'token-a\n');
    fs.writeFileSync(path.join(dir, 'token-b'), 'token-b\n');
  });
  afterAll(() => {
    echo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sets, lists, switches and uses contexts: the server and token file of the one in use', async () => {
    const env = { RIPCORD_CONFIG: path.join(dir, 'nested', 'config.yaml') };
    const a = await run(
      ['config', 'set-context', 'a', '--server', url, '--token-file', path.join(dir, 'token-a'), '--use'],
      env,
    );
    expect(a).toMatchObject({ code: 0, out: `context "a" created in ${env.RIPCORD_CONFIG} and in use` });
    expect(fs.statSync(env.RIPCORD_CONFIG).mode & 0o777).toBe(0o600);
    await run(['config', 'set-context', 'b', '--server', url, '--token-file', path.join(dir, 'token-b')], env);
    expect((await run(['whoami'], env)).out).toBe('token-a (admin)');
    expect((await run(['whoami', '--context', 'b'], env)).out).toBe('token-b (admin)');
    expect((await run(['whoami'], { ...env, RIPCORD_CONTEXT: 'b' })).out).toBe('token-b (admin)');
    expect((await run(['whoami', '--token', 'flag'], env)).out).toBe('flag (admin)');
    expect((await run(['config', 'use-context', 'b'], env)).out).toBe('switched to context "b"');
    expect((await run(['config', 'current-context'], env)).out).toBe('b');
    const listed = await run(['config', 'get-contexts'], env);
    expect(listed.out.split('\n')).toEqual([
      expect.stringMatching(/^CURRENT\s+NAME\s+SERVER\s+TOKEN-FILE$/),
      expect.stringMatching(new RegExp(`^\\s+a\\s+${url}\\s+${dir}/token-a$`)),
      expect.stringMatching(new RegExp(`^\\*\\s+b\\s+${url}\\s+${dir}/token-b$`)),
    ]);
    expect((await run(['config', 'get-contexts', '-o', 'name'], env)).out).toBe('context/a\ncontext/b');
    expect((await run(['whoami'], env)).out).toBe('token-b (admin)');
    const unknown = await run(['config', 'use-context', 'c'], env);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toMatch(/no context "c" in .*config\.yaml \(a, b\)/);
    expect((await run(['whoami', '--context', 'c'], env)).err).toMatch(/^error: no context "c" in .* \(a, b\);/);
  });

  it('reads the file it writes without yaml, and any other YAML with it', async () => {
    const written = {
      'current-context': 'local',
      contexts: { local: { server: 'http://127.0.0.1:7400', 'token-file': '/home/me/.ripcord/admin-token' } },
    };
    expect(parseSimpleConfig(stringify(written))).toEqual(written);
    for (const other of ['contexts: {}\n', 'contexts:\n  a:\n    server: http://x # note\n', "current-context: 'a'\n"])
      expect(parseSimpleConfig(other)).toBeUndefined();
    const config = path.join(dir, 'by-hand.yaml');
    fs.writeFileSync(
      config,
      `# written by hand\ncurrent-context: "hand"\ncontexts:\n  hand: { server: "${url}", token-file: token-a }  # relative: beside this file\n`,
    );
    expect((await run(['whoami'], { RIPCORD_CONFIG: config })).out).toBe('token-a (admin)');
  });

  it('says which token file is missing, and where a refused token came from', async () => {
    const env = { RIPCORD_CONFIG: path.join(dir, 'broken.yaml') };
    await run(['config', 'set-context', 'gone', '--server', url, '--token-file', path.join(dir, 'nope'), '--use'], env);
    const missing = await run(['whoami'], env);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.err).toBe(`error: context gone: cannot read token file ${path.join(dir, 'nope')} (no such file)`);
    fs.writeFileSync(path.join(dir, 'stale'), 'stale\n');
    await run(['config', 'set-context', 'gone', '--token-file', path.join(dir, 'stale')], env);
    const refused = await run(['whoami'], env);
    expect(refused.err).toContain(`hint: the token sent came from context gone (${path.join(dir, 'stale')})`);
  });

  it('falls back to the token a local server saved when no context is in use', async () => {
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'admin-token'), 'saved-by-serve\n');
    const env = { RIPCORD_SERVER: url, RIPCORD_DATA_DIR: data };
    expect((await run(['whoami'], env)).out).toBe('saved-by-serve (admin)');
    // A context in use wins over the local file: its server may be another one.
    const config = path.join(dir, 'with-context.yaml');
    await run(['config', 'set-context', 'a', '--server', url, '--token-file', path.join(dir, 'token-a'), '--use'], {
      RIPCORD_CONFIG: config,
    });
    expect((await run(['whoami'], { ...env, RIPCORD_CONFIG: config })).out).toBe('token-a (admin)');
  });

  it('finds the context from any directory (the installed bin, run elsewhere)', async () => {
    const config = path.join(dir, 'anywhere.yaml');
    await run(['config', 'set-context', 'a', '--server', url, '--token-file', path.join(dir, 'token-a'), '--use'], {
      RIPCORD_CONFIG: config,
    });
    const bin = path.resolve(import.meta.dirname, '../bin/ripcord.js');
    const env = { PATH: process.env.PATH ?? '', HOME: home, RIPCORD_CONFIG: config };
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'whoami'], { cwd: os.tmpdir(), env });
    expect(stdout).toBe('token-a (admin)\n');
  });
});
